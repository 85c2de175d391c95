using System.Globalization;
using Fathom.Cli.Infrastructure;
using Fathom.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Fathom.Cli.Commands;

/// <summary><c>fathom runs list</c>: the stored runs, newest first, one a line: id, status, when, question.</summary>
public sealed class RunsListCommand(CliConsole console, TimeProvider time) : Command
{
    public override int Execute(CommandContext context, CancellationToken cancellationToken)
    {
        using var store = StoredRuns.Open(time);
        var runs = store.List();
        if (runs.Count == 0)
        {
            console.Progress.WriteLine("No runs are stored yet.");
            return ExitCodes.Done;
        }

        foreach (var run in runs)
        {
            console.WriteRaw(string.Join('\t', run.Id, StoredRunStatusNames.Name(run.Status), run.CreatedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), run.Request.Question));
        }

        return ExitCodes.Done;
    }
}
