namespace Fathom.Server.Runs;

/// <summary>
/// How many runs the server works on at once, and how many may wait for a turn. A run beyond the
/// first limit waits in order (its stream says so and stays open); a request beyond both is refused
/// at once, so a flood neither starves the runs going nor grows without bound.
/// </summary>
internal sealed class RunAdmission(int concurrent, int queued) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(concurrent, concurrent);
    private int _reserved;
    private int _waiting;

    public int Concurrent => concurrent;

    public int Queued => queued;

    /// <summary>Runs waiting for a turn now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Takes a place (running or waiting); false when every place is taken.</summary>
    public bool TryReserve()
    {
        while (true)
        {
            var current = Volatile.Read(ref _reserved);
            if (current >= concurrent + queued)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _reserved, current + 1, current) == current)
            {
                return true;
            }
        }
    }

    /// <summary>Takes a turn for a run that holds a place if one is free now, without waiting.</summary>
    public bool TryTakeTurn() => _slots.Wait(0, CancellationToken.None);

    /// <summary>Waits for a turn for a run that holds a place; true once it has one, false when cancelled first.</summary>
    public async Task<bool> WaitTurnAsync(Action onQueued, CancellationToken cancellationToken)
    {
        if (_slots.Wait(0, CancellationToken.None))
        {
            return true;
        }

        Interlocked.Increment(ref _waiting);
        onQueued();
        try
        {
            await _slots.WaitAsync(cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    /// <summary>Gives back a place, and the turn when the run had one.</summary>
    public void Release(bool hadTurn)
    {
        if (hadTurn)
        {
            _slots.Release();
        }

        Interlocked.Decrement(ref _reserved);
    }

    public void Dispose() => _slots.Dispose();
}
