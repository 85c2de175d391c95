using Fathom.Cluster.Grains;
using Fathom.Server.Runs;

namespace Fathom.Cluster;

/// <summary>Per-key run limits held across the cluster: one <see cref="IKeyQuotaGrain"/> per caller.</summary>
internal sealed class ClusterQuota(IGrainFactory grains, int limit) : IRunQuota
{
    public int Limit => limit;

    public async ValueTask<bool> TryAcquireAsync(string owner, string runId) =>
        await grains.GetGrain<IKeyQuotaGrain>(owner).TryAcquireAsync(runId, limit);

    public async ValueTask HoldAsync(string owner, string runId) =>
        await grains.GetGrain<IKeyQuotaGrain>(owner).HoldAsync(runId);

    public async ValueTask ReleaseAsync(string owner, string runId) =>
        await grains.GetGrain<IKeyQuotaGrain>(owner).ReleaseAsync(runId);
}
