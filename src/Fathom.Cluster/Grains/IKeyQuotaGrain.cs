namespace Fathom.Cluster.Grains;

/// <summary>
/// The runs one caller has going across the cluster, keyed by the caller's owner id: one grain per
/// key, so every node counts against the same limit. Slots are held by run id.
/// </summary>
public interface IKeyQuotaGrain : IGrainWithStringKey
{
    /// <summary>Takes a slot for the run; false when the caller has <paramref name="limit"/> runs going.</summary>
    Task<bool> TryAcquireAsync(string runId, int limit);

    /// <summary>Holds the slot of a run that goes on anyway (taken over by another node).</summary>
    Task HoldAsync(string runId);

    /// <summary>Gives the run's slot back.</summary>
    Task ReleaseAsync(string runId);

    /// <summary>The runs holding slots now.</summary>
    Task<int> CountAsync();
}
