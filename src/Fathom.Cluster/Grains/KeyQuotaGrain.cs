using Fathom.Server.Runs;
using Fathom.Storage;

namespace Fathom.Cluster.Grains;

/// <summary>
/// Holds a caller's run slots in memory. When the node holding it dies, the next call activates it
/// on another node, which rebuilds the slots from the shared store: the caller's runs stored as
/// running. The grain keeps no state of its own, so the store stays the one record of what runs.
/// </summary>
internal sealed class KeyQuotaGrain(RunCoordinator runs) : Grain, IKeyQuotaGrain
{
    private readonly HashSet<string> _held = new(StringComparer.Ordinal);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var owner = this.GetPrimaryKeyString();
        foreach (var run in runs.Store.ListByOwner(owner, limit: 10_000))
        {
            if (run.Status == StoredRunStatus.Running)
            {
                _held.Add(run.Id);
            }
        }

        return Task.CompletedTask;
    }

    public Task<bool> TryAcquireAsync(string runId, int limit)
    {
        if (!_held.Contains(runId) && _held.Count >= limit)
        {
            return Task.FromResult(false);
        }

        _held.Add(runId);
        return Task.FromResult(true);
    }

    public Task HoldAsync(string runId)
    {
        _held.Add(runId);
        return Task.CompletedTask;
    }

    public Task ReleaseAsync(string runId)
    {
        _held.Remove(runId);
        return Task.CompletedTask;
    }

    public Task<int> CountAsync() => Task.FromResult(_held.Count);
}
