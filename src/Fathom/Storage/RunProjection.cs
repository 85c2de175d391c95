using Fathom.Events;
using Fathom.Research;
using Fathom.Sources;

namespace Fathom.Storage;

/// <summary>
/// What a store keeps of a run beside its events, folded from them: where it stands, why it stopped,
/// what it spent and the report it wrote. Every store persists this one fold (one
/// <see cref="RunProjectionChange"/> per event) instead of deriving the fields in its own query language.
/// </summary>
public sealed record RunProjection
{
    /// <summary>A run with no events yet: running, nothing spent.</summary>
    public static RunProjection Empty { get; } = new();

    /// <summary>Where the run stands.</summary>
    public StoredRunStatus Status { get; init; } = StoredRunStatus.Running;

    /// <summary>Why the run failed or stopped, if it did.</summary>
    public string? Error { get; init; }

    /// <summary>The verified report, once written.</summary>
    public string? Report { get; init; }

    /// <summary>The report's references, once written.</summary>
    public IReadOnlyList<Reference> References { get; init; } = [];

    /// <summary>Tokens and money spent so far.</summary>
    public TokenUsage Usage { get; init; } = TokenUsage.Zero;

    /// <summary>The projection of a whole stream.</summary>
    public static RunProjection Fold(IEnumerable<ResearchEvent> events) => events.Aggregate(Empty, (projection, e) => projection.Apply(e));

    /// <summary>This projection after <paramref name="e"/> (itself when the event changes nothing stored).</summary>
    public RunProjection Apply(ResearchEvent e) => RunProjectionChange.Of(e) is { } change ? change.ApplyTo(this) : this;
}
