using System.Threading.Channels;
using Fathom.Events;

namespace Fathom.Research;

/// <summary>
/// Stamps events with the run id, the next sequence number and the time, and queues them in order.
/// Usage travels with the steps: before any event, the usage spent since the last
/// <see cref="UsageUpdated"/> is written first, so a consumer never needs to poll for it.
/// </summary>
internal sealed class EventWriter(string runId, long lastSequence, TokenUsage reported, Func<TokenUsage> spent, ChannelWriter<ResearchEvent> channel, TimeProvider time, CancellationToken abandoned)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _sequence = lastSequence;
    private TokenUsage _reported = reported;

    public long LastSequence => Interlocked.Read(ref _sequence);

    /// <summary>
    /// Queues an event. Events are written even while the run is being cancelled, so that the stream
    /// always ends with RunFinished; only a reader that went away (<c>abandoned</c>) stops the writes.
    /// </summary>
    public async Task WriteAsync(ResearchEvent e)
    {
        await _gate.WaitAsync(abandoned);
        try
        {
            var now = spent();
            if (e is not UsageUpdated && now != _reported)
            {
                await WriteStampedAsync(new UsageUpdated(now));
            }

            await WriteStampedAsync(e);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Writes the usage if it changed since it was last written.</summary>
    public async Task WriteUsageAsync()
    {
        await _gate.WaitAsync(abandoned);
        try
        {
            var now = spent();
            if (now != _reported)
            {
                await WriteStampedAsync(new UsageUpdated(now));
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task WriteStampedAsync(ResearchEvent e)
    {
        if (e is UsageUpdated u)
        {
            _reported = u.Usage;
        }

        var stamped = e with { RunId = runId, Sequence = ++_sequence, Timestamp = time.GetUtcNow() };
        await channel.WriteAsync(stamped, abandoned);
        Diagnostics.FathomTelemetry.Observe(stamped);
    }
}
