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
/// rather than cancelled.
/// </summary>
internal sealed partial class RunCoordinator(ResearchEngine engine, IRunStore store, KeyQuota quota, TimeProvider time, ILogger<RunCoordinator> log, PlanReviews? reviews = null, RunAdmission? admission = null, RunScheduler? scheduler = null) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, LiveRun> _live = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Lock _resumeGate = new();

    public IRunStore Store => store;

    public KeyQuota Quota => quota;

    /// <summary>The server-wide limit on runs going at once and waiting; null when there is none.</summary>
    public RunAdmission? Admission => admission;

    /// <summary>Whether the run is waiting for a turn (the server works on as many runs as it may).</summary>
    public bool IsQueued(string id) => _live.TryGetValue(id, out var run) && run.Queued;

    /// <summary>Whether the run is going on in this process.</summary>
    public bool IsLive(string id) => _live.ContainsKey(id);

    /// <summary>Records and starts a run. The caller holds a quota slot for <paramref name="owner"/>; it is given back when the run stops.</summary>
    public StoredRun Start(string id, ResearchRequest request, string model, string owner, string? hostRequest)
    {
        var stored = store.Create(id, request, model, owner, hostRequest);
        Launch(id, owner, request, []);
        LogStarted(log, id, model);
        return stored;
    }

    /// <summary>
    /// As <see cref="Start"/>, for a request thread that must not block: recording a run is a short
    /// write under the store's lock, and hundreds of requests at once would hold every pool thread
    /// waiting for it (so that nothing else, timers and keep-alives included, could run). Here they
    /// wait for their turn without a thread, and <paramref name="whileWaiting"/> runs first when they must.
    /// </summary>
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

        try
        {
            return Start(id, request, model, owner, hostRequest);
        }
        finally
        {
            _recording.Release();
        }
    }

    private readonly SemaphoreSlim _recording = new(1, 1);

    /// <summary>Continues a stored run that was interrupted, cancelled or failed, from its last event.</summary>
    public ResumeOutcome Resume(string id, string owner)
    {
        lock (_resumeGate)
        {
            return ResumeLocked(id, owner);
        }
    }

    private ResumeOutcome ResumeLocked(string id, string owner)
    {
        var run = store.Find(id);
        if (run is null || run.Owner != owner)
        {
            return ResumeOutcome.NotFound;
        }

        if (_live.ContainsKey(id))
        {
            return ResumeOutcome.Running;
        }

        if (run.Status is StoredRunStatus.Completed or StoredRunStatus.NeedsClarification)
        {
            return ResumeOutcome.Finished;
        }

        if (!quota.TryAcquire(owner))
        {
            return ResumeOutcome.Throttled;
        }

        if (admission is not null && !admission.TryReserve())
        {
            quota.Release(owner);
            return ResumeOutcome.Throttled;
        }

        var history = store.ReadEvents(id);
        store.SetStatus(id, StoredRunStatus.Running);
        Launch(id, owner, run.Request, history);
        LogResumed(log, id, history.Count);
        return ResumeOutcome.Resumed;
    }

    /// <summary>Asks a live run to stop; it ends with a cancelled event. False when the run is not live.</summary>
    public bool Cancel(string id)
    {
        if (!_live.TryGetValue(id, out var run))
        {
            return false;
        }

        run.Cancellation.Cancel();
        return true;
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

    private void Launch(string id, string owner, ResearchRequest request, IReadOnlyList<ResearchEvent> history)
    {
        // Whether the run waits for a turn is known now, on the request's thread, not once its pump
        // gets the runs' threads (which may be busy): its stream says so in its first frame at once.
        var turn = admission?.TryTakeTurn() ?? true;
        var run = new LiveRun(id, owner) { Queued = !turn };
        _live[id] = run;
        run.Pump = scheduler is null ? Task.Run(() => PumpAsync(run, request, history, turn), CancellationToken.None) : scheduler.Start(() => PumpAsync(run, request, history, turn));
    }

    private async Task PumpAsync(LiveRun run, ResearchRequest request, IReadOnlyList<ResearchEvent> history, bool hadTurn)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(run.Cancellation.Token, _shutdown.Token);
        try
        {
            if (admission is not null && !hadTurn)
            {
                // Cancelled while waiting, the run goes on below and ends at once as cancelled (or interrupted).
                hadTurn = await admission.WaitTurnAsync(() => run.Queued = true, stop.Token);
                run.Queued = false;
            }

            await foreach (var e in engine.RunAsync(request, run.Id, history, reviews, stop.Token))
            {
                if (_shutdown.IsCancellationRequested)
                {
                    // The server is stopping: what the run does now is not its own doing; leave it to resume.
                    break;
                }

                await store.AppendAsync(e);
                run.Publish(e);
            }

            if (_shutdown.IsCancellationRequested)
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
            quota.Release(run.Owner);
            admission?.Release(hadTurn);
            run.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} started with model {Model}")]
    private static partial void LogStarted(ILogger logger, string runId, string model);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} resumed after {Events} stored events")]
    private static partial void LogResumed(ILogger logger, string runId, int events);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} was interrupted by the server stopping")]
    private static partial void LogInterrupted(ILogger logger, string runId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId} failed")]
    private static partial void LogFault(ILogger logger, string runId, Exception exception);
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
