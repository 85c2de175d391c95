using Fathom.Cluster.Grains;
using Fathom.Server.Runs;
using Orleans.Runtime;

namespace Fathom.Cluster;

/// <summary>The cluster as the run coordinator sees it: each call goes to the run's grain, wherever Orleans has it.</summary>
internal sealed class GrainRunCluster(IGrainFactory grains, ILocalSiloDetails silo, ClusterTimings timings) : IRunCluster
{
    /// <summary>The silo's address with its generation: a node restarted on the same port is a new node.</summary>
    public string NodeId { get; } = silo.SiloAddress.ToParsableString();

    public TimeSpan ClaimLease => timings.ClaimLease;

    public Task PlaceAsync(string runId) => grains.GetGrain<IRunGrain>(runId).EnsureRunningAsync();

    public Task<bool> CancelAsync(string runId) => grains.GetGrain<IRunGrain>(runId).CancelAsync();

    public async Task<RemoteEvents> WaitAsync(string runId, long afterSequence)
    {
        var page = await grains.GetGrain<IRunGrain>(runId).WaitAsync(afterSequence);
        return new RemoteEvents(page.Events, page.Running, page.ReadStore);
    }
}
