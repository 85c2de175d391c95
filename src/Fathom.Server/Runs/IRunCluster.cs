namespace Fathom.Server.Runs;

/// <summary>
/// The nodes that share this server's run store, as <see cref="RunCoordinator"/> sees them: it asks
/// the cluster to run a stored run (on whichever node owns it), to cancel one going on elsewhere, and
/// for the live events of a run going on elsewhere. Registered by a cluster host (Fathom.Cluster);
/// without one, every run is this process's own.
/// </summary>
internal interface IRunCluster
{
    /// <summary>This node's name in the store's run claims (unique to this process).</summary>
    string NodeId { get; }

    /// <summary>How long a claim on a run lasts unless renewed: how long a dead node's runs wait before another node may take them.</summary>
    TimeSpan ClaimLease { get; }

    /// <summary>Has the run's owner in the cluster run it (a run stored as running or interrupted); the owner's node calls <see cref="RunCoordinator.RunHereAsync"/>.</summary>
    Task PlaceAsync(string runId);

    /// <summary>Asks the node running the run to cancel it; false when it runs nowhere.</summary>
    Task<bool> CancelAsync(string runId);

    /// <summary>
    /// The events after <paramref name="afterSequence"/> from the node running the run, waiting a few
    /// seconds for the first. Calling it revives a run whose node died: the run's owner moves to a
    /// live node, which resumes it from the store.
    /// </summary>
    Task<RemoteEvents> WaitAsync(string runId, long afterSequence);
}

/// <summary>
/// What <see cref="IRunCluster.WaitAsync"/> found: events as JSON (in order, each one after the last),
/// whether the run still goes on there, and whether the events asked for are older than the node
/// keeps (then they are in the store).
/// </summary>
internal sealed record RemoteEvents(IReadOnlyList<string> Events, bool Running, bool ReadStore);
