using Fathom.Research;
using Fathom.Sources;

namespace Fathom.Storage;

/// <summary>A run as the store keeps it: what was asked, where it stands, and what it produced so far.</summary>
public sealed record StoredRun
{
    /// <summary>The run id (also the request id the API reports).</summary>
    public required string Id { get; init; }

    /// <summary>Where the run stands.</summary>
    public required StoredRunStatus Status { get; init; }

    /// <summary>The request the engine runs.</summary>
    public required ResearchRequest Request { get; init; }

    /// <summary>The model name the caller asked for (a surface name such as <c>qwen-deep-research</c>).</summary>
    public string Model { get; init; } = "";

    /// <summary>Who started the run: an opaque fingerprint of the caller's credential, never the credential.</summary>
    public string Owner { get; init; } = "";

    /// <summary>The host's own view of the request (the JSON body it received), for replaying it the same way.</summary>
    public string? HostRequest { get; init; }

    /// <summary>When the run was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When anything about the run last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The sequence number of the last stored event; 0 when none is stored.</summary>
    public long LastSequence { get; init; }

    /// <summary>The verified report, once written.</summary>
    public string? Report { get; init; }

    /// <summary>The report's references, once written.</summary>
    public IReadOnlyList<Reference> References { get; init; } = [];

    /// <summary>Tokens and money spent so far.</summary>
    public TokenUsage Usage { get; init; } = TokenUsage.Zero;

    /// <summary>Why the run failed or stopped, if it did.</summary>
    public string? Error { get; init; }

    /// <summary>The node that holds the run's claim (see <see cref="IRunStore.TryClaim"/>), or null when none ever did or it was released.</summary>
    public string? ClaimedBy { get; init; }

    /// <summary>When the claim's lease ends; null when unclaimed.</summary>
    public DateTimeOffset? ClaimExpiresAt { get; init; }

    /// <summary>The part of the run folded from its events, as stored.</summary>
    public RunProjection Projection => new() { Status = Status, Error = Error, Report = Report, References = References, Usage = Usage };
}
