using Fathom.Reading;
using Fathom.Sources;

namespace Fathom.Research;

/// <summary>
/// What the research stages need from a model. A language model implements it through
/// <c>IChatClient</c>; the built-in extractive model implements it with classical retrieval and
/// needs no model at all. Each stage gets an immutable <see cref="RunSnapshot"/> of the run and returns
/// a <see cref="StageResult{T}"/>: the answer and the notices the run should record. A model
/// spends only under <see cref="RunSnapshot.Budget"/>, and searches and reads only through
/// <see cref="RunSnapshot.Lookup"/>, so everything it does is an event and counts against the limits.
/// </summary>
public interface IResearchModel
{
    /// <summary>Who writes the report, for events and the report's own disclosure.</summary>
    ModelInfo Info { get; }

    /// <summary>Follow-up questions for the user, or <see cref="Clarification.None"/>.</summary>
    Task<StageResult<Clarification>> ClarifyAsync(RunSnapshot run, CancellationToken cancellationToken);

    /// <summary>The research brief and the outline of the report.</summary>
    Task<StageResult<ResearchPlan>> PlanAsync(RunSnapshot run, CancellationToken cancellationToken);

    /// <summary>Reflects on what is known so far and plans round <paramref name="round"/>, or decides to stop.</summary>
    Task<StageResult<RoundPlan>> PlanRoundAsync(RunSnapshot run, int round, CancellationToken cancellationToken);

    /// <summary>Learns from one page: findings, each with a quote that is verbatim in <paramref name="page"/>.</summary>
    Task<StageResult<PageLearning>> LearnAsync(RunSnapshot run, ReadPage page, SourceCard source, CancellationToken cancellationToken);

    /// <summary>Writes the report from <see cref="RunSnapshot.Findings"/>, citing their sources' numbers as [[n]].</summary>
    Task<StageResult<DraftReport>> WriteAsync(RunSnapshot run, CancellationToken cancellationToken);
}

/// <summary>Describes a research model.</summary>
/// <param name="Name">Model name for events ("extractive", "openai:gpt-4o-mini"…).</param>
/// <param name="IsLanguageModel">False for the built-in extractive model: its reports say that no language model wrote them.</param>
/// <param name="SupportsImages">Whether the model can look at images passed with the question.</param>
public sealed record ModelInfo(string Name, bool IsLanguageModel, bool SupportsImages = false);

/// <summary>What was learned from one page: a one-line summary (the stream's learning map) and the findings.</summary>
public sealed record PageLearning(string Summary, IReadOnlyList<Finding> Findings)
{
    /// <summary>Nothing learned.</summary>
    public static PageLearning Nothing { get; } = new("", []);
}
