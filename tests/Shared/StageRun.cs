using Fathom.Events;
using Fathom.Reading;
using Fathom.Research;
using Fathom.Search;
using Fathom.Sources;

namespace Fathom.Testing;

/// <summary>
/// A run for calling one stage on its own: what the pipeline would hold (sources, plan, rounds, the
/// budget) and the notices the stages returned. Stage calls go through <see cref="StageCalls"/>,
/// which hand the model a fresh <see cref="RunSnapshot"/> each time, as the pipeline does.
/// </summary>
internal sealed class StageRun(ResearchRequest request, RunBudget? budget = null, IRunLookup? lookup = null)
{
    private readonly List<RoundRecord> _rounds = [];
    private readonly List<ModelAnswerRejected> _notices = [];

    public ResearchRequest Request => request;

    public RunBudget Budget { get; } = budget ?? new RunBudget(request.Limits);

    public SourceRegistry Sources { get; } = new();

    public ResearchPlan? Plan { get; set; }

    public IRunLookup Lookup { get; } = lookup ?? new NoLookup();

    public void AddRound(RoundRecord round) => _rounds.Add(round);

    public RunSnapshot View() => new(request, Budget, Lookup)
    {
        Plan = Plan,
        Rounds = [.. _rounds],
        Sources = [.. Sources.Sources],
        Findings = Sources.Findings,
    };

    /// <summary>The notices returned since the last call, oldest first.</summary>
    public IReadOnlyList<ModelAnswerRejected> DrainRejections()
    {
        var notices = _notices.ToList();
        _notices.Clear();
        return notices;
    }

    internal T Keep<T>(StageResult<T> result)
    {
        _notices.AddRange(result.Notices);
        return result.Value;
    }

    private sealed class NoLookup : IRunLookup
    {
        public Task<IReadOnlyList<SearchHit>> SearchAsync(string query, int maxResults, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<SearchHit>>([]);

        public Task<ReadPage?> ReadAsync(SearchHit hit, CancellationToken cancellationToken) => Task.FromResult<ReadPage?>(null);
    }
}

/// <summary>Calls a stage of a model on a <see cref="StageRun"/> and keeps its notices there.</summary>
internal static class StageCalls
{
    public static async Task<Clarification> ClarifyAsync(this IResearchModel model, StageRun run, CancellationToken cancellationToken) =>
        run.Keep(await model.ClarifyAsync(run.View(), cancellationToken));

    public static async Task<ResearchPlan> PlanAsync(this IResearchModel model, StageRun run, CancellationToken cancellationToken) =>
        run.Keep(await model.PlanAsync(run.View(), cancellationToken));

    public static async Task<RoundPlan> PlanRoundAsync(this IResearchModel model, StageRun run, int round, CancellationToken cancellationToken) =>
        run.Keep(await model.PlanRoundAsync(run.View(), round, cancellationToken));

    public static async Task<PageLearning> LearnAsync(this IResearchModel model, StageRun run, ReadPage page, SourceCard source, CancellationToken cancellationToken) =>
        run.Keep(await model.LearnAsync(run.View(), page, source, cancellationToken));

    public static async Task<DraftReport> WriteAsync(this IResearchModel model, StageRun run, CancellationToken cancellationToken) =>
        run.Keep(await model.WriteAsync(run.View(), cancellationToken));
}
