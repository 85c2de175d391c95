using Fathom.Cli.Infrastructure;
using Fathom.Events;
using Spectre.Console.Cli;

namespace Fathom.Cli.Commands;

/// <summary><c>fathom runs events RUN_ID</c>: a stored run's events as JSON Lines, as <c>--events</c> writes them.</summary>
public sealed class RunsEventsCommand(CliConsole console, TimeProvider time) : Command<RunSettings>
{
    public override int Execute(CommandContext context, RunSettings settings, CancellationToken cancellationToken)
    {
        using var store = StoredRuns.Open(time);
        if (store.Find(settings.Id) is null)
        {
            return StoredRuns.NotFound(console, settings.Id);
        }

        foreach (var e in store.ReadEvents(settings.Id))
        {
            console.WriteRaw(FathomJson.Serialize(e));
        }

        return ExitCodes.Done;
    }
}
