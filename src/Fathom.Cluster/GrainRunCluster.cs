using Fathom.Cluster.Grains;
using Fathom.Server.Runs;

namespace Fathom.Cluster;

/// <summary>The cluster as the run coordinator sees it: each call goes to the run's grain, wherever Orleans has it.</summary>
internal sealed class GrainRunCluster(IGrainFactory grains) : IRunCluster
{
    public Task PlaceAsync(string runId) => grains.GetGrain<IRunGrain>(runId).EnsureRunningAsync();

    public Task<bool> CancelAsync(string runId) => grains.GetGrain<IRunGrain>(runId).CancelAsync();

    public async Task<RemoteEvents> WaitAsync(string runId, long afterSequence)
    {
        var page = await grains.GetGrain<IRunGrain>(runId).WaitAsync(afterSequence);
        return new RemoteEvents(page.Events, page.Running, page.ReadStore);
    }
}
