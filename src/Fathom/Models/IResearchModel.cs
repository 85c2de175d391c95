using Fathom.Reading;
using Fathom.Research;
using Fathom.Sources;

namespace Fathom.Models;

/// <summary>
/// What the research stages need from a model. A language model implements it through
/// <c>IChatClient</c>; the built-in extractive model implements it with classical retrieval and
/// needs no model at all. Implementations spend under <see cref="ResearchContext.Budget"/>
/// and report unusable answers through <see cref="ResearchContext.RejectAnswer"/> instead of failing the run.
/// </summary>
public interface IResearchModel
{
    /// <summary>Who writes the report, for events and the report's own disclosure.</summary>
    ModelInfo Info { get; }

    /// <summary>Follow-up questions for the user, or <see cref="Clarification.None"/>.</summary>
    Task<Clarification> ClarifyAsync(ResearchContext context, CancellationToken cancellationToken);

    /// <summary>The research brief and the outline of the report.</summary>
    Task<ResearchPlan> PlanAsync(ResearchContext context, CancellationToken cancellationToken);

    /// <summary>Reflects on what is known so far and plans round <paramref name="round"/>, or decides to stop.</summary>
    Task<RoundPlan> PlanRoundAsync(ResearchContext context, int round, CancellationToken cancellationToken);

    /// <summary>Learns from one page: findings, each with a quote that is verbatim in <paramref name="page"/>.</summary>
    Task<PageLearning> LearnAsync(ResearchContext context, ReadPage page, SourceCard source, CancellationToken cancellationToken);

    /// <summary>Writes the report from the findings in <see cref="ResearchContext.Sources"/>, citing their numbers as [[n]].</summary>
    Task<DraftReport> WriteAsync(ResearchContext context, CancellationToken cancellationToken);
}

/// <summary>Describes a research model.</summary>
/// <param name="Name">Model name for events ("extractive", "openai:gpt-4o-mini"…).</param>
/// <param name="IsLanguageModel">False for the built-in extractive model: its reports say that no language model wrote them.</param>
/// <param name="SupportsImages">Whether the model can look at images passed with the question.</param>
public sealed record ModelInfo(string Name, bool IsLanguageModel, bool SupportsImages = false);

/// <summary>What was learned from one page: a one-line summary (the stream's learning map) and the findings.</summary>
public sealed record PageLearning(string Summary, IReadOnlyList<Finding> Findings);
