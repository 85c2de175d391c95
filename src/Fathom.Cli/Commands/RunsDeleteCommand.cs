using Fathom.Cli.Infrastructure;
using Fathom.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Fathom.Cli.Commands;

/// <summary><c>fathom runs delete RUN_ID</c>: removes a stored run and its events.</summary>
public sealed class RunsDeleteCommand(CliConsole console, TimeProvider time) : Command<RunSettings>
{
    public override int Execute(CommandContext context, RunSettings settings, CancellationToken cancellationToken)
    {
        using var store = RunStore.Open(DataDirectory.Default(), time);
        if (!store.Delete(settings.Id))
        {
            console.Progress.MarkupLine($"[red]No run '{Markup.Escape(settings.Id)}' is stored.[/] 'fathom runs list' shows the stored runs.");
            return ExitCodes.Usage;
        }

        console.Progress.MarkupLine($"Deleted run {Markup.Escape(settings.Id)}.");
        return ExitCodes.Done;
    }
}
