namespace Fathom.Storage;

/// <summary>A stored run as a list of runs shows it: what was asked, where it stands, whether it has a report.</summary>
public sealed record StoredRunSummary(
    string Id,
    StoredRunStatus Status,
    string Question,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long LastSequence,
    bool HasReport);
