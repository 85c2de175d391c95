using Orleans.Concurrency;

namespace Fathom.Cluster.Grains;

/// <summary>
/// The one owner of a run in the cluster, keyed by the run id: wherever it is activated, it runs the
/// run there (through the node's run coordinator, over the shared store) and hands its live tail to
/// followers on other nodes. Orleans keeps at most one activation per run, so a run goes on at one
/// node at a time; when that node dies, the next call (a follower's, or the run's reminder) activates
/// the owner on a live node, which resumes the run from its last stored event.
/// </summary>
public interface IRunGrain : IGrainWithStringKey
{
    /// <summary>Runs the stored run here unless it goes on already; false when it has ended, or another node's claim on it has not lapsed yet.</summary>
    Task<bool> EnsureRunningAsync();

    /// <summary>The events after <paramref name="afterSequence"/>, waiting up to a few seconds for the first; many followers wait at once.</summary>
    [AlwaysInterleave]
    Task<EventPage> WaitAsync(long afterSequence);

    /// <summary>Cancels the run if it goes on; false when it does not.</summary>
    Task<bool> CancelAsync();
}

/// <summary>
/// Events of a run as JSON, in order after the sequence asked for; <see cref="Running"/> while the run
/// goes on at the owner; <see cref="ReadStore"/> when the events asked for are older than the owner keeps.
/// </summary>
[GenerateSerializer]
[Immutable]
public sealed record EventPage(
    [property: Id(0)] string[] Events,
    [property: Id(1)] bool Running,
    [property: Id(2)] bool ReadStore);
