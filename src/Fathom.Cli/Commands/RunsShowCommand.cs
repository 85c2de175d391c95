using Fathom.Cli.Infrastructure;
using Fathom.Research;
using Fathom.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Fathom.Cli.Commands;

/// <summary><c>fathom runs show RUN_ID</c>: where a stored run stands, and its report once written.</summary>
public sealed class RunsShowCommand(CliConsole console, TimeProvider time) : Command<RunSettings>
{
    public override int Execute(CommandContext context, RunSettings settings, CancellationToken cancellationToken)
    {
        using var store = StoredRuns.Open(time);
        if (store.Find(settings.Id) is not { } run)
        {
            return StoredRuns.NotFound(console, settings.Id);
        }

        var result = ResearchResult.Fold(store.ReadEvents(run.Id));
        console.Progress.MarkupLine($"[bold]{Markup.Escape(run.Request.Question)}[/]");
        console.Progress.MarkupLine($"{StoredRunStatusNames.Name(run.Status)}; {LimitMessages.Count(result.Rounds, "round", "rounds")}, {LimitMessages.Count(result.References.Count, "cited source", "cited sources")}, {LimitMessages.Count(run.Usage.TotalTokens, "token", "tokens")}{(run.Error is { } e ? "; " + Markup.Escape(e) : "")}");
        if (run.Status is not (StoredRunStatus.Completed or StoredRunStatus.NeedsClarification))
        {
            console.Progress.MarkupLine($"Continue it with [bold]fathom research --resume {Markup.Escape(run.Id)}[/].");
        }

        if (run.Report is { Length: > 0 } report)
        {
            console.WriteRaw(report);
        }

        return ExitCodes.Done;
    }
}
