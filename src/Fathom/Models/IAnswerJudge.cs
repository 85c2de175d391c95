using Fathom.Reading;
using Fathom.Research;
using Fathom.Sources;
using Microsoft.Extensions.AI;

namespace Fathom.Models;

/// <summary>
/// Judges, stage by stage, what a model answered: accept it, refine it (leave out what is unusable),
/// fall back to the fallback model's answer, or merge the two. A judge may look at what the fallback
/// would answer (<see cref="StageAnswer{T}.FallbackAsync"/>) before it decides.
/// <see cref="FallbackResearchModel"/> carries the verdicts out and records each as a notice.
/// </summary>
public interface IAnswerJudge
{
    /// <summary>Judges a clarification.</summary>
    ValueTask<Verdict<Clarification>> ClarificationAsync(StageAnswer<Clarification> answer, CancellationToken cancellationToken);

    /// <summary>Judges a research plan.</summary>
    ValueTask<Verdict<ResearchPlan>> PlanAsync(StageAnswer<ResearchPlan> answer, CancellationToken cancellationToken);

    /// <summary>Judges the plan of round <paramref name="round"/>.</summary>
    ValueTask<Verdict<RoundPlan>> RoundPlanAsync(StageAnswer<RoundPlan> answer, int round, CancellationToken cancellationToken);

    /// <summary>Judges what was learned from <paramref name="page"/>, source <paramref name="source"/>.</summary>
    ValueTask<Verdict<PageLearning>> LearningAsync(StageAnswer<PageLearning> answer, ReadPage page, SourceCard source, CancellationToken cancellationToken);

    /// <summary>Judges the report's draft.</summary>
    ValueTask<Verdict<DraftReport>> ReportAsync(StageAnswer<DraftReport> answer, CancellationToken cancellationToken);

    /// <summary>This judge using <paramref name="embedder"/> for the tests that read meaning (none when null); by default the judge itself.</summary>
    IAnswerJudge WithEmbedder(IEmbeddingGenerator<string, Embedding<float>>? embedder) => this;
}

/// <summary>The plainest judge: an answer stands when the model really gave one rather than a stand-in.</summary>
public sealed class AnsweredJudge : IAnswerJudge
{
    /// <summary>The one instance.</summary>
    public static AnsweredJudge Instance { get; } = new();

    /// <summary>Accepts a real answer and falls back from a stand-in.</summary>
    public static Verdict<T> Of<T>(StageAnswer<T> answer) =>
        answer.Answer.Answered ? Verdict.Accept<T>() : Verdict.Fallback<T>("the model gave no usable answer");

    /// <inheritdoc />
    public ValueTask<Verdict<Clarification>> ClarificationAsync(StageAnswer<Clarification> answer, CancellationToken cancellationToken) => ValueTask.FromResult(Of(answer));

    /// <inheritdoc />
    public ValueTask<Verdict<ResearchPlan>> PlanAsync(StageAnswer<ResearchPlan> answer, CancellationToken cancellationToken) => ValueTask.FromResult(Of(answer));

    /// <inheritdoc />
    public ValueTask<Verdict<RoundPlan>> RoundPlanAsync(StageAnswer<RoundPlan> answer, int round, CancellationToken cancellationToken) => ValueTask.FromResult(Of(answer));

    /// <inheritdoc />
    public ValueTask<Verdict<PageLearning>> LearningAsync(StageAnswer<PageLearning> answer, ReadPage page, SourceCard source, CancellationToken cancellationToken) => ValueTask.FromResult(Of(answer));

    /// <inheritdoc />
    public ValueTask<Verdict<DraftReport>> ReportAsync(StageAnswer<DraftReport> answer, CancellationToken cancellationToken) => ValueTask.FromResult(Of(answer));
}
