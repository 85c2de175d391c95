namespace Fathom.Server.Runs;

/// <summary>
/// How many runs each caller may have going at once. One node counts in memory (<see cref="KeyQuota"/>);
/// a cluster keeps the count where every node sees it. Slots are held by run id, so a run taken over
/// by another node holds one slot, not two, and giving one back twice is harmless.
/// </summary>
internal interface IRunQuota
{
    /// <summary>The runs one caller may have going.</summary>
    int Limit { get; }

    /// <summary>Takes a slot for run <paramref name="runId"/> of <paramref name="owner"/>; false when all its slots are taken.</summary>
    ValueTask<bool> TryAcquireAsync(string owner, string runId);

    /// <summary>Holds the slot of a run that is going on anyway (resumed or taken over), even beyond the limit.</summary>
    ValueTask HoldAsync(string owner, string runId);

    /// <summary>Gives the run's slot back; nothing happens when it holds none.</summary>
    ValueTask ReleaseAsync(string owner, string runId);
}
