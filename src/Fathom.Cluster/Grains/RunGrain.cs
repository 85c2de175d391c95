using Fathom.Events;
using Fathom.Server.Runs;
using Microsoft.Extensions.Logging;
using Orleans.Placement;
using Orleans.Runtime;

namespace Fathom.Cluster.Grains;

/// <summary>
/// Owns one run: runs it on this node through the node's <see cref="RunCoordinator"/>, keeps the
/// events this node wrote for followers elsewhere, and holds a reminder in the cluster's reminder
/// table while the run goes on, so that a run whose node died is picked up by a live node even when
/// no one follows it. Placed on the node that asks first (the one that took the request, or the
/// follower or reminder that finds the run orphaned).
/// </summary>
[PreferLocalPlacement]
internal sealed partial class RunGrain(RunCoordinator runs, ClusterTimings timings, ILogger<RunGrain> log) : Grain, IRunGrain, IRemindable
{
    /// <summary>The reminder that brings a run back to life after its node died.</summary>
    public const string TakeoverReminder = "takeover";

    private const int PageSize = 512;

    private readonly List<string> _events = [];
    private long _first = 1;
    private TaskCompletionSource _changed = NewSignal();
    private CancellationTokenSource? _tail;
    private Task _tailTask = Task.CompletedTask;
    private IGrainTimer? _keepAlive;
    private bool _reminded;

    private string RunId => this.GetPrimaryKeyString();

    public async Task<bool> EnsureRunningAsync()
    {
        if (runs.IsHere(RunId) && _tail is not null && !_tailTask.IsCompleted)
        {
            return true;
        }

        var last = runs.Store.Find(RunId)?.LastSequence ?? 0;
        switch (await runs.RunHereAsync(RunId))
        {
            case TakeoverOutcome.Ended:
                await ForgetAsync();
                return false;
            case TakeoverOutcome.Elsewhere:
                // Its dead node's claim has not lapsed yet, or this node stops: a later call (or the reminder) tries again.
                this.DeactivateOnIdle();
                return false;
        }

        if (_tail is null || _tailTask.IsCompleted)
        {
            StartTail(last);
        }

        if (!_reminded)
        {
            // The reminder outlives this node: a live node's reminder service fires it if this node dies.
            _reminded = true;
            await this.RegisterOrUpdateReminder(TakeoverReminder, timings.TakeoverPeriod, timings.TakeoverPeriod);
        }

        return true;
    }

    public async Task<EventPage> WaitAsync(long afterSequence)
    {
        if ((!runs.IsHere(RunId) || _tail is null || _tailTask.IsCompleted) && !await EnsureRunningAsync())
        {
            // Ended, or this node is stopping: what there is to read is in the store.
            return new EventPage([], Running: false, ReadStore: true);
        }

        if (afterSequence + 1 < _first)
        {
            return new EventPage([], Running: true, ReadStore: true);
        }

        var deadline = Task.Delay(timings.FollowWait);
        while (_first + _events.Count - 1 <= afterSequence && !_tailTask.IsCompleted)
        {
            if (await Task.WhenAny(_changed.Task, deadline) == deadline)
            {
                break;
            }
        }

        var from = (int)(afterSequence + 1 - _first);
        var page = _events.Skip(from).Take(PageSize).ToArray();
        return new EventPage(page, Running: !_tailTask.IsCompleted || from + page.Length < _events.Count, ReadStore: false);
    }

    public async Task<bool> CancelAsync() => runs.IsHere(RunId) && await runs.CancelAsync(RunId);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // Here because the reminder fired: the run goes on (nothing to do), or it was orphaned and
        // goes on here now, or it ended and the reminder goes.
        if (!await EnsureRunningAsync())
        {
            LogReminderEnded(log, RunId);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // The node is stopping (or the owner moves): the run is left interrupted, and the next call
        // activates the owner on another node, which resumes it. The last event is stored first, so
        // that no other node starts on the run while this one still writes.
        if (runs.PumpOf(RunId) is { } pump)
        {
            runs.HandOver(RunId);
            await Task.WhenAny(pump, Task.Delay(timings.HandOverWait, CancellationToken.None));
        }

        _keepAlive?.Dispose();
        _tail?.Cancel();
        await Task.WhenAny(_tailTask, Task.Delay(timings.HandOverWait, CancellationToken.None));
        _tail?.Dispose();
        _tail = null;
    }

    /// <summary>Follows the run here (the store after <paramref name="last"/>, then the live tail) into the page buffer.</summary>
    private void StartTail(long last)
    {
        _tail?.Dispose();
        _tail = new CancellationTokenSource();
        _first = last + 1;
        _events.Clear();
        // Started from the grain's turn, the tail runs on the grain's scheduler: the buffer needs no lock.
        _tailTask = TailAsync(last, _tail.Token);
        // A run is busy however long no call comes: the owner must not be collected as idle meanwhile.
        _keepAlive ??= this.RegisterGrainTimer(KeepAliveAsync, new GrainTimerCreationOptions(timings.RenewPeriod, timings.RenewPeriod) { KeepAlive = true });
    }

    private async Task TailAsync(long last, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var e in runs.Follow(RunId, last, cancellationToken))
            {
                Add(FathomJson.Serialize(e));
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            Ended();
        }
    }

    private Task KeepAliveAsync(CancellationToken cancellationToken)
    {
        if (runs.IsHere(RunId))
        {
            runs.RenewClaim(RunId);
        }
        else if (_tailTask.IsCompleted)
        {
            _keepAlive?.Dispose();
            _keepAlive = null;
        }

        return Task.CompletedTask;
    }

    private void Add(string json)
    {
        _events.Add(json);
        Signal();
    }

    private void Ended()
    {
        Signal();
    }

    private void Signal()
    {
        var changed = _changed;
        _changed = NewSignal();
        changed.TrySetResult();
    }

    private async Task ForgetAsync()
    {
        if (await this.GetReminder(TakeoverReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        _reminded = false;
        this.DeactivateOnIdle();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Run {RunId}: its takeover reminder fired after it ended; the reminder is removed")]
    private static partial void LogReminderEnded(ILogger logger, string runId);
}
