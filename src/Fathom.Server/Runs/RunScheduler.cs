namespace Fathom.Server.Runs;

/// <summary>
/// The threads the runs' own work may take at once. A run of the built-in model is CPU work from
/// start to end (extraction, embedding, composing, verifying); on the thread pool, a few such runs
/// hold every pool thread and the server stops answering: headers, keep-alives and cheap GETs wait
/// behind them. Runs are started on this scheduler instead, and the engine keeps every step of a
/// run on the scheduler it was started on, so however many runs go, they share this many threads
/// and the rest of the pool stays free for requests.
/// </summary>
internal sealed class RunScheduler
{
    private readonly ConcurrentExclusiveSchedulerPair _pair;

    public RunScheduler(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        Threads = threads;
        _pair = new ConcurrentExclusiveSchedulerPair(TaskScheduler.Default, threads);
        ReservePoolForRequests(threads);
    }

    /// <summary>
    /// The pool starts with one thread a core and adds more only slowly (about two a second) while
    /// its threads are busy; with the runs' threads busy with CPU work, a burst of requests would wait
    /// seconds for threads. The pool is told to keep enough ready at once: the runs' threads, and
    /// four a core for requests. Only ever raised, never lowered.
    /// </summary>
    private static void ReservePoolForRequests(int runThreads)
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        var wanted = runThreads + (4 * Environment.ProcessorCount);
        if (workers < wanted)
        {
            ThreadPool.SetMinThreads(wanted, io);
        }
    }

    /// <summary>Threads the runs may take at once.</summary>
    public int Threads { get; }

    /// <summary>Starts <paramref name="work"/> on the runs' threads; every await in it continues there.</summary>
    public Task Start(Func<Task> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.DenyChildAttach, _pair.ConcurrentScheduler).Unwrap();
}
