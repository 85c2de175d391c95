using Fathom.Events;
using Fathom.Sources;

namespace Fathom.Research;

/// <summary>The outcome of a run: the fold of its events.</summary>
public sealed record ResearchResult
{
    /// <summary>The run's id.</summary>
    public string RunId { get; init; } = "";

    /// <summary>The question asked.</summary>
    public string Question { get; init; } = "";

    /// <summary>How the run ended.</summary>
    public RunStatus Status { get; init; } = RunStatus.Failed;

    /// <summary>Why it failed, if it did.</summary>
    public string? Error { get; init; }

    /// <summary>Clarifying questions, when the run asked them.</summary>
    public IReadOnlyList<string> ClarifyingQuestions { get; init; } = [];

    /// <summary>The research brief.</summary>
    public string Brief { get; init; } = "";

    /// <summary>The report outline.</summary>
    public IReadOnlyList<string> Outline { get; init; } = [];

    /// <summary>The verified report (Markdown).</summary>
    public string Report { get; init; } = "";

    /// <summary>The cited sources with their quotes.</summary>
    public IReadOnlyList<Reference> References { get; init; } = [];

    /// <summary>Whether the sources address the question (false: the report says they do not).</summary>
    public bool AddressesQuestion { get; init; } = true;

    /// <summary>How many sources the report rests on: its references, or none when the sources do not address the question.</summary>
    public int RelevantSources => AddressesQuestion ? References.Count : 0;

    /// <summary>Tokens and money spent.</summary>
    public TokenUsage Usage { get; init; } = TokenUsage.Zero;

    /// <summary>Research rounds run.</summary>
    public int Rounds { get; init; }

    /// <summary>Limits that were reached.</summary>
    public IReadOnlyList<LimitKind> LimitsHit { get; init; } = [];

    /// <summary>Folds a run's events into its result (the same fold a resumed run starts from).</summary>
    public static ResearchResult Fold(IEnumerable<ResearchEvent> events) => RunState.Fold(events).ToResult();
}
