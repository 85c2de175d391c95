using System.Runtime.CompilerServices;
using Fathom.Events;
using Fathom.Models.Extractive;
using Fathom.Models.Guard;
using Fathom.Reading;
using Fathom.Research;
using Fathom.Sources;
using Microsoft.Extensions.AI;

namespace Fathom.Models;

/// <summary>
/// Asks the primary model first and has each stage's answer judged (<see cref="IAnswerJudge"/>):
/// the answer stands, stands refined, is replaced by the fallback model's, or is merged with it. A
/// language model whose answer was unusable, or whose budget is spent, still lets the run learn from
/// the pages it paid to read and write a cited report. Every verdict that is not a plain accept is a
/// notice the run records as an event, and every fallback and merge of a run is also a line in the
/// report's notes (<see cref="FallbackNotes"/>).
/// </summary>
public sealed class FallbackResearchModel(IResearchModel primary, IResearchModel fallback, IAnswerJudge? judge = null) : IResearchModel
{
    // The verdicts of each run so far, for the report's notes. Keyed by the run's budget, the one
    // object a run attempt keeps from its first stage to its last; gone when the run is.
    private readonly ConditionalWeakTable<RunBudget, FallbackNotes> _notes = [];

    /// <summary>The primary model over the built-in extractive model, judged by <paramref name="judge"/> (by default: did it answer).</summary>
    public static FallbackResearchModel OverExtractive(IResearchModel primary, ExtractiveOptions? options = null, IAnswerJudge? judge = null) =>
        new(primary, new ExtractiveResearchModel(options), judge);

    /// <summary>
    /// A language model kept from making a run worse than no model at all: judged by
    /// <see cref="GuardJudge"/> (with <paramref name="embedder"/> for the tests of meaning, when
    /// given) over the built-in extractive model. What every host builds for a language model.
    /// </summary>
    public static FallbackResearchModel Guarded(IResearchModel primary, IEmbeddingGenerator<string, Embedding<float>>? embedder = null) =>
        new(primary, new ExtractiveResearchModel(), new GuardJudge(embedder));

    /// <summary>The model asked first.</summary>
    public IResearchModel Primary => primary;

    /// <summary>The judge of the primary's answers.</summary>
    public IAnswerJudge Judge { get; } = judge ?? AnsweredJudge.Instance;

    /// <inheritdoc />
    public ModelInfo Info => primary.Info;

    /// <summary>The same decorator with its judge reading meaning through <paramref name="embedder"/>.</summary>
    public FallbackResearchModel WithEmbedder(IEmbeddingGenerator<string, Embedding<float>>? embedder) =>
        new(primary, fallback, Judge.WithEmbedder(embedder));

    /// <inheritdoc />
    public Task<StageResult<Clarification>> ClarifyAsync(RunSnapshot run, CancellationToken cancellationToken) =>
        AskAsync(ResearchStage.Clarify, run, "", m => m.ClarifyAsync(run, cancellationToken), a => Judge.ClarificationAsync(a, cancellationToken));

    /// <inheritdoc />
    public Task<StageResult<ResearchPlan>> PlanAsync(RunSnapshot run, CancellationToken cancellationToken) =>
        AskAsync(ResearchStage.Plan, run, "", m => m.PlanAsync(run, cancellationToken), a => Judge.PlanAsync(a, cancellationToken));

    /// <inheritdoc />
    public Task<StageResult<RoundPlan>> PlanRoundAsync(RunSnapshot run, int round, CancellationToken cancellationToken) =>
        AskAsync(ResearchStage.PlanRound, run, $"round {round}: ", m => m.PlanRoundAsync(run, round, cancellationToken), a => Judge.RoundPlanAsync(a, round, cancellationToken));

    /// <inheritdoc />
    public Task<StageResult<PageLearning>> LearnAsync(RunSnapshot run, ReadPage page, SourceCard source, CancellationToken cancellationToken) =>
        AskAsync(ResearchStage.Learn, run, $"source [{source.Number}]: ", m => m.LearnAsync(run, page, source, cancellationToken), a => Judge.LearningAsync(a, page, source, cancellationToken));

    /// <inheritdoc />
    public async Task<StageResult<DraftReport>> WriteAsync(RunSnapshot run, CancellationToken cancellationToken)
    {
        var written = await AskAsync(ResearchStage.Write, run, "", m => m.WriteAsync(run, cancellationToken), a => Judge.ReportAsync(a, cancellationToken));
        return _notes.TryGetValue(run.Budget, out var notes) && notes.Any
            ? written with { Value = written.Value with { Markdown = notes.AddTo(written.Value.Markdown) } }
            : written;
    }

    private async Task<StageResult<T>> AskAsync<T>(
        ResearchStage stage,
        RunSnapshot run,
        string where,
        Func<IResearchModel, Task<StageResult<T>>> ask,
        Func<StageAnswer<T>, ValueTask<Verdict<T>>> judgeOf)
    {
        var answer = new StageAnswer<T>(stage, run, await ask(primary), () => ask(fallback));
        var verdict = await judgeOf(answer);
        switch (verdict.Kind)
        {
            case VerdictKind.Accept:
                return answer.Answer;
            case VerdictKind.Refine:
                return new StageResult<T>(verdict.Value!, Noticed(answer.Answer.Notices, stage, where, verdict.Reason));
            case VerdictKind.Merge:
                Log(run, stage, verdict.Reason!);
                var merged = await answer.FallbackAsync();
                return new StageResult<T>(verdict.Value!, [.. Noticed(answer.Answer.Notices, stage, where, verdict.Reason), .. merged.Notices]);
            default:
                var theirs = await answer.FallbackAsync();
                var reason = $"{verdict.Reason}; {Outcome(stage, theirs.Value)}";
                Log(run, stage, reason);
                return theirs with { Notices = [.. Noticed(answer.Answer.Notices, stage, where, reason), .. theirs.Notices] };
        }
    }

    private void Log(RunSnapshot run, ResearchStage stage, string reason) =>
        _notes.GetValue(run.Budget, _ => new FallbackNotes()).Add(stage, reason);

    private static IReadOnlyList<ModelAnswerRejected> Noticed(IReadOnlyList<ModelAnswerRejected> notices, ResearchStage stage, string where, string? reason) =>
        reason is null ? notices : [.. notices, new ModelAnswerRejected(StageName(stage), where + reason)];

    /// <summary>What using the fallback's answer comes to, in the run's words.</summary>
    private static string Outcome<T>(ResearchStage stage, T theirs) => stage switch
    {
        ResearchStage.Clarify => "the built-in model's clarification is used",
        ResearchStage.Plan => "the built-in model's plan is used",
        ResearchStage.PlanRound => theirs is RoundPlan { IsStop: true } ? "the built-in model would stop too" : "the round uses the built-in model's queries",
        ResearchStage.Learn => "the built-in model's findings are used",
        _ => "the report is the built-in model's composition",
    };

    /// <summary>The stage's name in events (<see cref="ModelAnswerRejected.Stage"/>), as the chat model names it.</summary>
    public static string StageName(ResearchStage stage) => stage switch
    {
        ResearchStage.Clarify => "clarify",
        ResearchStage.Plan => "plan",
        ResearchStage.PlanRound => "plan_round",
        ResearchStage.Learn => "learn",
        _ => "write",
    };
}
