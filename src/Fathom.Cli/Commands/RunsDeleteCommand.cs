using Fathom.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Fathom.Cli.Commands;

/// <summary><c>fathom runs delete RUN_ID</c>: removes a stored run and its events.</summary>
public sealed class RunsDeleteCommand(CliConsole console, TimeProvider time) : Command<RunSettings>
{
    public override int Execute(CommandContext context, RunSettings settings, CancellationToken cancellationToken)
    {
        using var store = StoredRuns.Open(time);
        if (!store.Delete(settings.Id))
        {
            return StoredRuns.NotFound(console, settings.Id);
        }

        console.Progress.MarkupLine($"Deleted run {Markup.Escape(settings.Id)}.");
        return ExitCodes.Done;
    }
}
