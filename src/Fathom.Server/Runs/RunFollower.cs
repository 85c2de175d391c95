using Fathom.Events;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Fathom.Server.Runs;

/// <summary>
/// The one loop that streams a run to a client: the stored events after a point, then the live tail,
/// keep-alives when nothing happened for a while, several ready events in one flush, and a client
/// that goes away stopping only its stream (logged as a client error, in one line). Each surface says how
/// its frames look (<see cref="IRunStreamEncoder"/>).
/// </summary>
internal sealed partial class RunFollower(RunCoordinator runs, FathomServerOptions options, TimeProvider time, ILogger<RunFollower> log)
{
    public async Task StreamAsync(HttpContext context, string runId, long afterSequence, IRunStreamEncoder encoder)
    {
        var response = context.Response;
        var output = response.BodyWriter;
        var aborted = context.RequestAborted;
        var ended = false;

        // Whether a flush found the connection gone. Kestrel cancels RequestAborted from the thread pool
        // after it drops a connection, so on a busy machine the writes and flushes that follow can all
        // complete (sending nothing) before the token says so: a flush of a dropped connection returns
        // at once with IsCompleted set (see IsCutAsync for one that was waiting when it dropped).
        var cut = false;
        try
        {
            if (!response.HasStarted)
            {
                encoder.Start(response);
                await response.StartAsync(aborted);
                await output.FlushAsync(aborted); // the headers go now, not with the first frame
            }
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted);
            var events = runs.Follow(runId, afterSequence, stop.Token).GetAsyncEnumerator(stop.Token);
            var next = events.MoveNextAsync().AsTask();
            try
            {
                await StreamEventsAsync();
            }
            finally
            {
                // An async iterator cannot be disposed while a MoveNextAsync is in flight (it throws
                // NotSupportedException, which would replace why the stream ended): the wait for the
                // next event is stopped and waited out first.
                await stop.CancelAsync();
                await next.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                await events.DisposeAsync();
            }

            async Task StreamEventsAsync()
            {
                var written = false;
                var lastFrame = time.GetTimestamp();
                while (true)
                {
                    bool moved;
                    try
                    {
                        // The first frame goes out within a second whatever the load: the run's own, or
                        // one that says the run waits for a turn, or a keep-alive. After it, a keep-alive
                        // whenever no frame went out for the interval, however many events came meanwhile
                        // that made no frame of their own (usage, searches, skipped pages).
                        var wait = !written && runs.IsQueued(runId)
                            ? TimeSpan.Zero
                            : (written ? options.KeepAliveInterval : FirstFrameWithin(options)) - time.GetElapsedTime(lastFrame);
                        moved = next.IsCompleted ? await next : wait > TimeSpan.Zero ? await next.WaitAsync(wait, time, aborted) : throw new TimeoutException();
                    }
                    catch (TimeoutException)
                    {
                        if (!written && runs.IsQueued(runId) && runs.Admission is { } admission)
                        {
                            encoder.WriteQueued(output, admission.Waiting);
                        }
                        else
                        {
                            encoder.WriteKeepAlive(output);
                        }

                        written = true;
                        lastFrame = time.GetTimestamp();
                        if (await IsCutAsync())
                        {
                            return;
                        }

                        continue;
                    }

                    if (!moved)
                    {
                        // The run stopped without ending: the server is shutting down and left it interrupted.
                        encoder.WriteStopped(output);
                        ended = !await IsCutAsync() && !aborted.IsCancellationRequested;
                        return;
                    }

                    // The engine writes a step's usage before the step's event, so events go out as they come.
                    var e = events.Current;
                    var ends = encoder.Write(output, e);
                    if (!output.CanGetUnflushedBytes || output.UnflushedBytes > 0)
                    {
                        written = true;
                        lastFrame = time.GetTimestamp();
                    }

                    if (ends)
                    {
                        ended = !await IsCutAsync() && !aborted.IsCancellationRequested;
                        return;
                    }

                    next = events.MoveNextAsync().AsTask();
                    // Several events that are ready go out in one flush.
                    if (!next.IsCompleted && await IsCutAsync())
                    {
                        return;
                    }
                }
            }

            // Flushes what was written; true when the connection is gone (the reader side completed).
            async Task<bool> IsCutAsync()
            {
                var pending = output.FlushAsync(aborted);
                var waited = !pending.IsCompleted;
                var flushed = await pending;

                // A flush that was waiting on the reader when Kestrel dropped the connection (a reader slower
                // than the minimum data rate) returns as if everything went out; the next flush says the
                // connection is gone. Only a flush that waited needs asking again.
                if (waited && !flushed.IsCompleted && !flushed.IsCanceled)
                {
                    flushed = await output.FlushAsync(aborted);
                }

                cut |= flushed.IsCompleted || flushed.IsCanceled;
                return cut;
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away; the run goes on, stays stored, and can be followed again.
        }
        finally
        {
            // Kestrel drops a reader slower than the minimum data rate without a word, and a write after
            // that neither throws nor sends: the cut is noticed here, and said as the client's doing.
            if (!ended && (cut || aborted.IsCancellationRequested))
            {
                LogStreamCut(log, context.Request.Method, context.Request.Path, runId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Client error on {Method} {Path}: the stream of run {RunId} was cut before its end (the client closed the connection, or read slower than the minimum data rate); the run goes on and can be followed again")]
    private static partial void LogStreamCut(ILogger logger, string method, PathString path, string runId);

    private static TimeSpan FirstFrameWithin(FathomServerOptions options) =>
        options.KeepAliveInterval < TimeSpan.FromSeconds(1) ? options.KeepAliveInterval : TimeSpan.FromSeconds(1);
}
