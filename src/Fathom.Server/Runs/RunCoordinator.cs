using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Fathom.Events;
using Fathom.Research;
using Fathom.Storage;
using Microsoft.Extensions.Logging;

namespace Fathom.Server.Runs;

/// <summary>
/// Runs research in the background, independent of any HTTP request: every event is stored before
/// anyone sees it, followers read the store and then the live tail, a client that goes away leaves
/// its run going, DELETE cancels it, and a stopping server leaves its runs interrupted (resumable)
/// rather than cancelled. In a cluster (<see cref="IRunCluster"/>) the store is shared: a run goes on
/// at the node that owns it, and a follower on any other node gets its live tail from that node.
/// </summary>
internal sealed partial class RunCoordinator(ResearchEngine engine, IRunStore store, IRunQuota quota, TimeProvider time, ILogger<RunCoordinator> log, PlanReviews? reviews = null, RunAdmission? admission = null, IRunCluster? cluster = null, RunScheduler? scheduler = null) : IAsyncDisposable
{
    /// <summary>How long a follower waits before asking the cluster again after a node failed to answer.</summary>
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(250);

    private readonly ConcurrentDictionary<string, LiveRun> _live = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Lock _resumeGate = new();
    private readonly SemaphoreSlim _recording = new(1, 1);

    public IRunStore Store => store;

    public IRunQuota Quota => quota;

    /// <summary>The server-wide limit on runs going at once and waiting; null when there is none.</summary>
    public RunAdmission? Admission => admission;

    /// <summary>Whether this server is one node of a cluster sharing its store.</summary>
    public bool Clustered => cluster is not null;

    /// <summary>Whether this server is stopping (it takes no run over then).</summary>
    public bool Stopping => _shutdown.IsCancellationRequested;

    /// <summary>Whether the run is waiting for a turn (the server works on as many runs as it may).</summary>
    public bool IsQueued(string id) => _live.TryGetValue(id, out var run) && run.Queued;

    /// <summary>Whether the run is going on in this process.</summary>
    public bool IsHere(string id) => _live.ContainsKey(id);

    /// <summary>Whether the run is going on: in this process, or in a cluster at any node (its stored status says so).</summary>
    public bool IsLive(string id) => _live.ContainsKey(id) || (cluster is not null && store.Find(id)?.Status == StoredRunStatus.Running);

    /// <summary>The pump of a run going on here, to wait for its end; null when it is not here.</summary>
    public Task? PumpOf(string id) => _live.TryGetValue(id, out var run) ? run.Pump : null;

    /// <summary>Records and starts a run. The caller holds a quota slot for <paramref name="owner"/>; it is given back when the run stops.</summary>
    /// <remarks>
    /// A request thread must not block here: recording a run is a short write under the store's lock,
    /// and hundreds of requests at once would hold every pool thread waiting for it (so that nothing
    /// else, timers and keep-alives included, could run). They wait for their turn without a thread,
    /// and <paramref name="whileWaiting"/> runs first when they must (a stream sends its headers).
    /// </remarks>
    public async Task<StoredRun> StartAsync(string id, ResearchRequest request, string model, string owner, string? hostRequest, Func<Task>? whileWaiting = null)
    {
        if (!_recording.Wait(0))
        {
            if (whileWaiting is not null)
            {
                await whileWaiting();
            }

            await _recording.WaitAsync(CancellationToken.None);
        }

        StoredRun stored;
        try
        {
            stored = store.Create(id, request, model, owner, hostRequest);
        }
        finally
        {
            _recording.Release();
        }

        if (cluster is null)
        {
            Launch(id, owner, request, [], reserved: admission is not null);
        }
        else
        {
            // The caller's admission place is this node's; the run's owner gives it back where the run goes on.
            admission?.Release(hadTurn: false);
            await cluster.PlaceAsync(id);
        }

        LogStarted(log, id, model);
        return stored;
    }

    /// <summary>
    /// Runs a stored run in this process, called by the run's owner in a cluster: a run stored as
    /// running (its node died) or interrupted (its node stopped) continues from its last event, once
    /// this node holds the run's claim in the store (a dead node's claim lapses after its lease).
    /// </summary>
    public async Task<TakeoverOutcome> RunHereAsync(string id)
    {
        StoredRun? run;
        IReadOnlyList<ResearchEvent> history;
        lock (_resumeGate)
        {
            if (_live.ContainsKey(id))
            {
                return TakeoverOutcome.Running;
            }

            run = store.Find(id);
            if (run is null || run.Status is not (StoredRunStatus.Running or StoredRunStatus.Interrupted))
            {
                return TakeoverOutcome.Ended;
            }

            if (_shutdown.IsCancellationRequested || cluster is null || !store.TryClaim(id, cluster.NodeId, cluster.ClaimLease))
            {
                return TakeoverOutcome.Elsewhere;
            }

            history = store.ReadEvents(id);
            store.SetStatus(id, StoredRunStatus.Running);
            Launch(id, run.Owner, run.Request, history, reserved: admission?.TryReserve() ?? false);
        }

        await quota.HoldAsync(run.Owner, id);
        LogTakenOver(log, id, history.Count);
        return TakeoverOutcome.Running;
    }

    /// <summary>
    /// Renews this node's claim on a run going on here. A claim another node holds now means this node
    /// was given up for dead: it stops the run at once (the other node goes on with it).
    /// </summary>
    public void RenewClaim(string id)
    {
        if (cluster is not null && _live.ContainsKey(id) && !store.TryClaim(id, cluster.NodeId, cluster.ClaimLease))
        {
            LogClaimLost(log, id);
            HandOver(id);
        }
    }

    /// <summary>Continues a stored run that was interrupted, cancelled or failed, from its last event.</summary>
    public async Task<ResumeOutcome> ResumeAsync(string id, string owner)
    {
        var run = store.Find(id);
        if (run is null || run.Owner != owner)
        {
            return ResumeOutcome.NotFound;
        }

        if (IsLive(id))
        {
            return ResumeOutcome.Running;
        }

        if (run.Status is StoredRunStatus.Completed or StoredRunStatus.NeedsClarification)
        {
            return ResumeOutcome.Finished;
        }

        if (!await quota.TryAcquireAsync(owner, id))
        {
            return ResumeOutcome.Throttled;
        }

        if (cluster is not null)
        {
            // Marked running, the run is the cluster's to go on with: its owner picks it up now.
            store.SetStatus(id, StoredRunStatus.Running);
            await cluster.PlaceAsync(id);
            LogResumed(log, id, (int)run.LastSequence);
            return ResumeOutcome.Resumed;
        }

        var outcome = ResumeHere(id, owner, run.Request);
        if (outcome != ResumeOutcome.Resumed)
        {
            await quota.ReleaseAsync(owner, id);
        }

        return outcome;
    }

    private ResumeOutcome ResumeHere(string id, string owner, ResearchRequest request)
    {
        lock (_resumeGate)
        {
            if (_live.ContainsKey(id))
            {
                return ResumeOutcome.Running;
            }

            if (admission is not null && !admission.TryReserve())
            {
                return ResumeOutcome.Throttled;
            }

            var history = store.ReadEvents(id);
            store.SetStatus(id, StoredRunStatus.Running);
            Launch(id, owner, request, history, reserved: admission is not null);
            LogResumed(log, id, history.Count);
            return ResumeOutcome.Resumed;
        }
    }

    /// <summary>Asks a live run to stop; it ends with a cancelled event. False when the run is not live.</summary>
    public async Task<bool> CancelAsync(string id)
    {
        if (_live.TryGetValue(id, out var run))
        {
            run.Cancellation.Cancel();
            return true;
        }

        return cluster is not null && await cluster.CancelAsync(id);
    }

    /// <summary>
    /// The run's events after <paramref name="afterSequence"/>: first those stored, then, while the run
    /// goes on, each as it happens. Every event comes exactly once, in order.
    /// </summary>
    public async IAsyncEnumerable<ResearchEvent> Follow(string id, long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var last = afterSequence;
        while (true)
        {
            // Attach before reading the store: an event stored after the read is then in the queue.
            var live = _live.GetValueOrDefault(id);
            var follower = live?.Attach();
            foreach (var stored in store.ReadEvents(id, last))
            {
                yield return stored;
                last = stored.Sequence;
            }

            if (follower is null)
            {
                if (cluster is not null)
                {
                    // Not here: the run may go on at another node, which hands over its live tail.
                    await foreach (var remote in FollowRemote(id, last, cancellationToken))
                    {
                        yield return remote;
                    }
                }

                yield break;
            }

            try
            {
                await foreach (var e in follower.Events.Reader.ReadAllAsync(cancellationToken))
                {
                    if (e.Sequence > last)
                    {
                        yield return e;
                        last = e.Sequence;
                    }
                }
            }
            finally
            {
                live!.Detach(follower);
            }

            if (!follower.Lagged)
            {
                // The run stopped; anything it stored after our last read is read once more below.
                foreach (var stored in store.ReadEvents(id, last))
                {
                    yield return stored;
                    last = stored.Sequence;
                }

                yield break;
            }
        }
    }

    /// <summary>
    /// The events of a run going on at another node, after <paramref name="afterSequence"/> (the store
    /// has been read up to it): asked of the run's owner, which may move to a live node on the way (a
    /// node that died or stopped); each event comes once, in order, until the run ends or runs nowhere.
    /// </summary>
    private async IAsyncEnumerable<ResearchEvent> FollowRemote(string id, long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var last = afterSequence;
        var readStore = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (readStore)
            {
                // Only to catch up (at first, and after the run's owner moved or sent us here): live
                // events come from the owner's memory, so a follower costs the store nothing per event.
                foreach (var stored in store.ReadEvents(id, last))
                {
                    yield return stored;
                    last = stored.Sequence;
                    if (stored is RunFinished)
                    {
                        yield break;
                    }
                }

                if (store.Find(id)?.Status is not (StoredRunStatus.Running or StoredRunStatus.Interrupted))
                {
                    // Ended (its last events were read above) or deleted.
                    yield break;
                }

                readStore = false;
            }

            RemoteEvents? page = null;
            try
            {
                page = await cluster!.WaitAsync(id, last).WaitAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The node running the run went away mid-call; the next call finds its new owner.
                LogRemoteRetry(log, id, ex.Message);
            }

            if (page is null || page.ReadStore || (!page.Running && page.Events.Count == 0))
            {
                readStore = true;
                await Task.Delay(RetryDelay, time, cancellationToken);
                continue;
            }

            foreach (var json in page.Events)
            {
                var e = FathomJson.Deserialize(json);
                if (e.Sequence != last + 1)
                {
                    // Not the next one: read the store for what lies between.
                    readStore = true;
                    break;
                }

                yield return e;
                last = e.Sequence;
                if (e is RunFinished)
                {
                    yield break;
                }
            }
        }
    }

    /// <summary>Stops the run here, leaving it interrupted for another node to go on with; false when it is not here.</summary>
    public bool HandOver(string id)
    {
        if (!_live.TryGetValue(id, out var run))
        {
            return false;
        }

        run.HandOver.Cancel();
        return true;
    }

    /// <summary>Stops following every run: each is left interrupted, to be resumed after a restart.</summary>
    public void BeginShutdown() => _shutdown.Cancel();

    public async ValueTask DisposeAsync()
    {
        BeginShutdown();
        var pumps = _live.Values.Select(r => r.Pump).ToArray();
        await Task.WhenAny(Task.WhenAll(pumps), Task.Delay(TimeSpan.FromSeconds(5), time));
        _shutdown.Dispose();
        _recording.Dispose();
    }

    private void Launch(string id, string owner, ResearchRequest request, IReadOnlyList<ResearchEvent> history, bool reserved)
    {
        // Whether the run waits for a turn is known now, on the request's thread, not once its pump
        // gets the runs' threads (which may be busy): its stream says so in its first frame at once.
        var turn = admission is null || !reserved || admission.TryTakeTurn();
        var run = new LiveRun(id, owner) { HoldsPlace = reserved, Queued = !turn };
        _live[id] = run;
        run.Pump = scheduler is null
            ? Task.Run(() => PumpAsync(run, request, history, turn), CancellationToken.None)
            : scheduler.Start(() => PumpAsync(run, request, history, turn));
    }

    private async Task PumpAsync(LiveRun run, ResearchRequest request, IReadOnlyList<ResearchEvent> history, bool tookTurn)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(run.Cancellation.Token, _shutdown.Token, run.HandOver.Token);
        var hadTurn = tookTurn && run.HoldsPlace;
        try
        {
            if (admission is not null && run.HoldsPlace && !hadTurn)
            {
                // Cancelled while waiting, the run goes on below and ends at once as cancelled (or interrupted).
                hadTurn = await admission.WaitTurnAsync(() => run.Queued = true, stop.Token);
                run.Queued = false;
            }

            await foreach (var e in engine.RunAsync(request, run.Id, history, reviews, stop.Token))
            {
                if (_shutdown.IsCancellationRequested || run.HandOver.IsCancellationRequested)
                {
                    // The server is stopping: what the run does now is not its own doing; leave it to resume.
                    break;
                }

                if (e is RunFinished)
                {
                    // Whoever sees the run end may start another at once: its slot is free before its end is told.
                    await quota.ReleaseAsync(run.Owner, run.Id);
                }

                await store.AppendAsync(e);
                run.Publish(e);
            }

            if (_shutdown.IsCancellationRequested || run.HandOver.IsCancellationRequested)
            {
                store.SetStatus(run.Id, StoredRunStatus.Interrupted, $"The server stopped during the run; POST /api/v1/research/{run.Id}/resume continues it.");
                LogInterrupted(log, run.Id);
            }
        }
        catch (Exception ex)
        {
            LogFault(log, run.Id, ex);
            try
            {
                var last = store.Find(run.Id)?.LastSequence ?? 0;
                var failed = new RunFinished(RunStatus.Failed, ex.Message) { RunId = run.Id, Sequence = last + 1, Timestamp = time.GetUtcNow() };
                await quota.ReleaseAsync(run.Owner, run.Id);
                await store.AppendAsync(failed);
                run.Publish(failed);
            }
            catch (Exception storeFault)
            {
                LogFault(log, run.Id, storeFault);
            }
        }
        finally
        {
            _live.TryRemove(run.Id, out _);
            run.Complete();
            if (cluster is not null)
            {
                store.Release(run.Id, cluster.NodeId);
            }

            await quota.ReleaseAsync(run.Owner, run.Id);
            if (run.HoldsPlace)
            {
                admission?.Release(hadTurn);
            }

            run.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} started with model {Model}")]
    private static partial void LogStarted(ILogger logger, string runId, string model);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} resumed after {Events} stored events")]
    private static partial void LogResumed(ILogger logger, string runId, int events);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} taken over by this node after {Events} stored events")]
    private static partial void LogTakenOver(ILogger logger, string runId, int events);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: another node holds its claim now; this node stops it")]
    private static partial void LogClaimLost(ILogger logger, string runId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Run {RunId}: the node running it did not answer ({Reason}); asking again")]
    private static partial void LogRemoteRetry(ILogger logger, string runId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} was interrupted by the server stopping")]
    private static partial void LogInterrupted(ILogger logger, string runId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId} failed")]
    private static partial void LogFault(ILogger logger, string runId, Exception exception);
}

/// <summary>What asking a node to run a stored run came to (<see cref="RunCoordinator.RunHereAsync"/>).</summary>
internal enum TakeoverOutcome
{
    /// <summary>The run goes on here.</summary>
    Running,

    /// <summary>The run has ended (or is not stored): there is nothing to run.</summary>
    Ended,

    /// <summary>Not here, not now: another node holds the run's claim, or this node is stopping.</summary>
    Elsewhere,
}

/// <summary>What a resume request came to.</summary>
internal enum ResumeOutcome
{
    Resumed,
    NotFound,
    Running,
    Finished,
    Throttled,
}
