using Fathom.Events;
using Fathom.Research;

namespace Fathom.Models.Extractive;

/// <summary>
/// The report a run that stopped early (cancelled, failed) can give from what it found: the
/// extractive model's verbatim sentences from the findings in its events, verified as any report
/// is. Nothing is recorded: the run itself stays as it was, to be resumed.
/// </summary>
public static class PartialReport
{
    /// <summary>The verified partial report, or null when the events hold no finding to write from.</summary>
    public static async Task<VerifiedReport?> ComposeAsync(IReadOnlyList<ResearchEvent> events, CancellationToken cancellationToken = default)
    {
        var state = RunState.Fold(events);
        if (state.Findings.Count == 0 || events.OfType<RunStarted>().FirstOrDefault() is not { } started)
        {
            return null;
        }

        var sources = state.Registry();
        var request = new ResearchRequest { Question = started.Question, Limits = started.Limits, AllowClarification = false };
        var run = new RunSnapshot(request, new RunBudget(started.Limits), NoLookup.Instance)
        {
            Plan = state.Plan is { } p ? new ResearchPlan(p.Brief, p.Outline) : null,
            Sources = [.. sources.Sources],
            Findings = sources.Findings,
        };
        var draft = await new ExtractiveResearchModel().WriteAsync(run, cancellationToken);
        var verified = ReportVerifier.Verify(draft.Value.Markdown, sources, started.Limits.ReportWordBudget);
        return verified.References.Count == 0 ? null : verified;
    }

    private sealed class NoLookup : IRunLookup
    {
        public static NoLookup Instance { get; } = new();

        public Task<IReadOnlyList<Search.SearchHit>> SearchAsync(string query, int maxResults, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<Search.SearchHit>>([]);

        public Task<Reading.ReadPage?> ReadAsync(Search.SearchHit hit, CancellationToken cancellationToken) => Task.FromResult<Reading.ReadPage?>(null);
    }
}
