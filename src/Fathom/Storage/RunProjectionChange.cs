using Fathom.Events;
using Fathom.Research;
using Fathom.Sources;

namespace Fathom.Storage;

/// <summary>
/// What one event changes of a run's <see cref="RunProjection"/>: each part it names replaces the stored
/// one, and the parts it leaves null stay as they are. A store writes the change in the same
/// transaction as the event, so the projection always matches the stored events.
/// </summary>
public sealed record RunProjectionChange
{
    /// <summary>The new status, or null to keep it. When set, <see cref="Error"/> replaces the stored error too.</summary>
    public StoredRunStatus? Status { get; init; }

    /// <summary>Why the run stopped (with <see cref="Status"/>; null clears it).</summary>
    public string? Error { get; init; }

    /// <summary>The new report, or null to keep it. When set, <see cref="References"/> replaces the stored references too.</summary>
    public string? Report { get; init; }

    /// <summary>The report's references (with <see cref="Report"/>).</summary>
    public IReadOnlyList<Reference> References { get; init; } = [];

    /// <summary>The usage so far, or null to keep it.</summary>
    public TokenUsage? Usage { get; init; }

    /// <summary>The fold of one event: what it changes of the stored run, or null when it changes nothing stored.</summary>
    public static RunProjectionChange? Of(ResearchEvent e) => e switch
    {
        RunStarted => new() { Status = StoredRunStatus.Running },
        UsageUpdated u => new() { Usage = u.Usage },
        ReportWritten w => new() { Report = w.Markdown, References = w.References },
        RunFinished f => new() { Status = Stored(f.Status), Error = f.Error },
        _ => null,
    };

    /// <summary><paramref name="projection"/> with this change applied.</summary>
    public RunProjection ApplyTo(RunProjection projection)
    {
        var next = projection;
        if (Status is { } status)
        {
            next = next with { Status = status, Error = Error };
        }

        if (Report is { } report)
        {
            next = next with { Report = report, References = References };
        }

        return Usage is { } usage ? next with { Usage = usage } : next;
    }

    private static StoredRunStatus Stored(RunStatus status) => status switch
    {
        RunStatus.Completed => StoredRunStatus.Completed,
        RunStatus.NeedsClarification => StoredRunStatus.NeedsClarification,
        RunStatus.Cancelled => StoredRunStatus.Cancelled,
        _ => StoredRunStatus.Failed,
    };
}
