using Fathom.Models.Extractive;
using Fathom.Reading;
using Fathom.Research;
using Fathom.Sources;

namespace Fathom.Models;

/// <summary>
/// Asks the primary model first and, stage by stage, hands a stage to the fallback when the judge
/// does not accept the primary's answer: a language model whose answer was unusable, or whose
/// budget is spent, still lets the run learn from the pages it paid to read and write a cited
/// report, in the extractive model's verbatim sentences. Notices of both are kept.
/// </summary>
public sealed class FallbackResearchModel(IResearchModel primary, IResearchModel fallback, IAnswerJudge? judge = null) : IResearchModel
{
    private readonly IAnswerJudge _judge = judge ?? AnsweredJudge.Instance;

    /// <summary>The primary model over the built-in extractive model, judged by <paramref name="judge"/> (by default: did it answer).</summary>
    public static FallbackResearchModel OverExtractive(IResearchModel primary, ExtractiveOptions? options = null, IAnswerJudge? judge = null) =>
        new(primary, new ExtractiveResearchModel(options), judge);

    /// <summary>The model asked first.</summary>
    public IResearchModel Primary => primary;

    /// <inheritdoc />
    public ModelInfo Info => primary.Info;

    /// <inheritdoc />
    public Task<StageResult<Clarification>> ClarifyAsync(RunSnapshot run, CancellationToken cancellationToken) =>
        AskAsync(ResearchStage.Clarify, run, m => m.ClarifyAsync(run, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<StageResult<ResearchPlan>> PlanAsync(RunSnapshot run, CancellationToken cancellationToken) =>
        AskAsync(ResearchStage.Plan, run, m => m.PlanAsync(run, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<StageResult<RoundPlan>> PlanRoundAsync(RunSnapshot run, int round, CancellationToken cancellationToken) =>
        AskAsync(ResearchStage.PlanRound, run, m => m.PlanRoundAsync(run, round, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<StageResult<PageLearning>> LearnAsync(RunSnapshot run, ReadPage page, SourceCard source, CancellationToken cancellationToken) =>
        AskAsync(ResearchStage.Learn, run, m => m.LearnAsync(run, page, source, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<StageResult<DraftReport>> WriteAsync(RunSnapshot run, CancellationToken cancellationToken) =>
        AskAsync(ResearchStage.Write, run, m => m.WriteAsync(run, cancellationToken), cancellationToken);

    private async Task<StageResult<T>> AskAsync<T>(ResearchStage stage, RunSnapshot run, Func<IResearchModel, Task<StageResult<T>>> ask, CancellationToken cancellationToken)
    {
        var first = await ask(primary);
        if (await _judge.AcceptsAsync(stage, run, first, cancellationToken))
        {
            return first;
        }

        var second = await ask(fallback);
        return second with { Notices = [.. first.Notices, .. second.Notices] };
    }
}
