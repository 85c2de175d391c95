using System.Threading.Channels;
using Fathom.Events;

namespace Fathom.Research;

/// <summary>Stamps events with the run id, the next sequence number and the time, and queues them in order.</summary>
internal sealed class EventWriter(string runId, long lastSequence, ChannelWriter<ResearchEvent> channel, TimeProvider time, CancellationToken abandoned)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _sequence = lastSequence;

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
            var stamped = e with { RunId = runId, Sequence = ++_sequence, Timestamp = time.GetUtcNow() };
            await channel.WriteAsync(stamped, abandoned);
            Diagnostics.FathomTelemetry.Observe(stamped);
        }
        finally
        {
            _gate.Release();
        }
    }
}
