using Fathom.Events;
using Fathom.Research;

namespace Fathom.Storage;

/// <summary>
/// Where runs are kept: the request, every event in order, and the run's projection (status, usage,
/// report; see <see cref="RunProjection"/>). The event log is the run's checkpoint: a stored run can
/// be replayed from any event and resumed from its last one. Every host (the server, the command line,
/// a cluster node) talks to runs through this contract, whatever keeps them (SQLite in one process,
/// PostgreSQL shared by many).
/// </summary>
/// <remarks>
/// <para>
/// Events are keyed by (run id, sequence). A run's next event is always its last stored sequence plus
/// one; an append that would repeat or skip a sequence is refused, never written, so two nodes that both
/// believe they run a run cannot interleave their events: the second to write learns of the conflict.
/// </para>
/// <para>
/// The projection is computed by <see cref="RunProjectionChange.Of"/>, the one fold shared by every
/// implementation; a store only persists what that fold returns, in the same transaction as the event.
/// </para>
/// <para>
/// A run can be claimed by one node at a time for a lease (<see cref="TryClaim"/>); a cluster uses the
/// claim to decide which node runs, or takes over, a run. Single-process hosts never claim: unclaimed
/// runs behave exactly as before claims existed. Lease expiry is judged by the clock of the node that
/// asks, so leases should be far longer than the clock skew between nodes.
/// </para>
/// <para>Implementations are thread-safe. Methods other than <see cref="AppendAsync"/> and
/// <see cref="TryAppendAsync"/> do short blocking I/O.</para>
/// </remarks>
public interface IRunStore : IDisposable
{
    /// <summary>Records a new run with status <see cref="StoredRunStatus.Running"/>, unclaimed, with no events.</summary>
    /// <exception cref="InvalidOperationException">A run with this id exists already.</exception>
    StoredRun Create(string id, ResearchRequest request, string model, string owner, string? hostRequest = null);

    /// <summary>
    /// Appends one event if it is the run's next (its sequence is the last stored plus one) and applies
    /// its <see cref="RunProjectionChange"/> to the run, in one transaction. Never throws for a sequence
    /// that does not fit: the result says what is stored instead. Appends may be batched with other runs';
    /// the task completes when the event is durable.
    /// </summary>
    Task<AppendResult> TryAppendAsync(ResearchEvent e, CancellationToken cancellationToken = default);

    /// <summary>Appends one event as <see cref="TryAppendAsync"/> does, and throws unless it was appended.</summary>
    /// <exception cref="InvalidOperationException">The run is unknown, or the event would leave a gap or repeat one; nothing was written.</exception>
    Task AppendAsync(ResearchEvent e, CancellationToken cancellationToken = default);

    /// <summary>The run's events after <paramref name="afterSequence"/>, in order.</summary>
    IReadOnlyList<ResearchEvent> ReadEvents(string id, long afterSequence = 0);

    /// <summary>The stored run, or null.</summary>
    StoredRun? Find(string id);

    /// <summary>The stored runs, newest first, at most <paramref name="limit"/>.</summary>
    IReadOnlyList<StoredRun> List(int limit = 50);

    /// <summary>The runs <paramref name="owner"/> started, newest first, at most <paramref name="limit"/>.</summary>
    IReadOnlyList<StoredRunSummary> ListByOwner(string owner, int limit = 100);

    /// <summary>Sets a run's status (and why), for changes that no event records: resumed, interrupted.</summary>
    /// <returns>False when no such run is stored.</returns>
    bool SetStatus(string id, StoredRunStatus status, string? error = null);

    /// <summary>
    /// Moves every run stored under <paramref name="from"/> to <paramref name="to"/>: for hosts that
    /// change how they derive an owner, so that runs stored under the old form stay reachable.
    /// </summary>
    /// <returns>The number of runs moved.</returns>
    int ReassignOwner(string from, string to);

    /// <summary>
    /// Marks the runs still recorded as running that no live process holds as interrupted: called when a
    /// host starts, since no run survives the process that ran it. A run claimed by another node whose
    /// lease has not expired is left alone; with <paramref name="node"/>, that node's own claims count as
    /// dead (it is the node restarting). <c>{id}</c> in <paramref name="reason"/> becomes each run's own id.
    /// </summary>
    /// <returns>The ids it marked.</returns>
    IReadOnlyList<string> MarkInterrupted(string reason, string? node = null);

    /// <summary>Deletes a run and its events.</summary>
    /// <returns>False when no such run is stored.</returns>
    bool Delete(string id);

    /// <summary>
    /// Claims <paramref name="id"/> for <paramref name="node"/> until now plus <paramref name="lease"/>,
    /// atomically (compare-and-set): it succeeds when the run is unclaimed, already claimed by this node
    /// (a renewal), or its claim has expired. Whoever wins may run or resume the run; the others must not.
    /// </summary>
    /// <returns>False when the run is unknown or another node holds an unexpired claim.</returns>
    bool TryClaim(string id, string node, TimeSpan lease);

    /// <summary>Gives up <paramref name="node"/>'s claim on <paramref name="id"/>.</summary>
    /// <returns>False when <paramref name="node"/> did not hold it.</returns>
    bool Release(string id, string node);

    /// <summary>
    /// Runs recorded as running that no node holds (never claimed, or their claim expired): the runs of a
    /// node that went away, for another node to claim and resume. Oldest first, at most <paramref name="limit"/>.
    /// </summary>
    IReadOnlyList<string> ListOrphaned(int limit = 100);
}
