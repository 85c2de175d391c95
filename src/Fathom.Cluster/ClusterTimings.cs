namespace Fathom.Cluster;

/// <summary>How long the cluster's parts wait; tests shorten them, a deployment keeps the defaults.</summary>
public sealed record ClusterTimings
{
    /// <summary>How long a follower's call waits at the run's owner for the next event (well under Orleans' response timeout).</summary>
    public TimeSpan FollowWait { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a stopping node waits for its runs' last events to be stored before it lets them go.</summary>
    public TimeSpan HandOverWait { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often a run's reminder fires: the longest an orphaned run that no one follows waits for a
    /// live node to take it over (after the dead node is declared dead). A followed run is taken over
    /// at the follower's next call, within seconds.
    /// </summary>
    public TimeSpan TakeoverPeriod { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a node's claim on a run lasts in the store unless renewed. A dead node's runs wait this
    /// long at most before another node may claim them; a node that cannot renew in time stops the run.
    /// </summary>
    public TimeSpan ClaimLease { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How often a run's owner renews its claim (a third of the lease), which also keeps the owner from being collected as idle mid-run.</summary>
    public TimeSpan RenewPeriod => ClaimLease / 3;

    /// <summary>How long a node may fail to answer probes before the others declare it dead.</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(2);
}
