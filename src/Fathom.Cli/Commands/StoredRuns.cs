using Fathom.Cli.Infrastructure;
using Fathom.Storage;
using Spectre.Console;

namespace Fathom.Cli.Commands;

/// <summary>The run store of the data directory, as the command line opens it and talks about it.</summary>
internal static class StoredRuns
{
    /// <summary>Opens the store in the per-user data directory.</summary>
    public static IRunStore Open(TimeProvider time)
    {
        var directory = DataDirectory.Default();
        var sqlite = SqliteRunStore.Open(directory, time);
        sqlite.Rows.Damaged += row => Console.Error.WriteLine($"warning: skipped a damaged row of {sqlite.Path}: {row}.");
        return MarkedRunStore.Open(sqlite, directory, sqlite.Path);
    }

    /// <summary>Says that no run <paramref name="id"/> is stored and how to find one; returns the usage exit code.</summary>
    public static int NotFound(CliConsole console, string id)
    {
        console.Progress.MarkupLine($"[red]No run '{Markup.Escape(id)}' is stored.[/] 'fathom runs list' shows the stored runs.");
        return ExitCodes.Usage;
    }
}
