using System.Text.Json;
using Fathom.Events;

namespace Fathom.Storage;

/// <summary>
/// Reads stored rows back for every kind of run store: a row that cannot be read (scribbled JSON, a
/// field that does not parse, an event that names another run or place) is skipped and raised as a
/// <see cref="DamagedRow"/> instead of failing the whole read, so that one damaged row neither
/// answers a request with a fault nor cuts a stream short. A store reads each row through
/// <see cref="Read{T}"/> or <see cref="Event"/>; hosts listen to <see cref="Damaged"/>.
/// </summary>
public sealed class StoredRows
{
    private long _skipped;

    /// <summary>Raised for each row skipped, on the thread that read it.</summary>
    public event Action<DamagedRow>? Damaged;

    /// <summary>Rows skipped since the store opened.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>The event stored as <paramref name="json"/> at <paramref name="sequence"/> of <paramref name="runId"/>, or null (reported) when it cannot be read.</summary>
    public ResearchEvent? Event(string runId, long sequence, string json)
    {
        var e = Read(runId, () => FathomJson.Deserialize(json), sequence);
        if (e is not null && (e.Sequence != sequence || !string.Equals(e.RunId, runId, StringComparison.Ordinal)))
        {
            Skip(new DamagedRow(runId, sequence, $"the stored event says it is event {e.Sequence} of run {e.RunId}"));
            return null;
        }

        return e;
    }

    /// <summary>
    /// What <paramref name="read"/> makes of a row of run <paramref name="runId"/>, or null (reported)
    /// when the row's stored text cannot be read; faults of the store itself still throw.
    /// </summary>
    public T? Read<T>(string runId, Func<T> read, long? sequence = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            return read();
        }
        catch (Exception ex) when (IsDamage(ex))
        {
            Skip(new DamagedRow(runId, sequence, $"its stored text cannot be read ({ex.Message.TrimEnd('.')})"));
            return null;
        }
    }

    /// <summary>Whether a fault is one of reading a row's stored text (not of the store or its connection).</summary>
    public static bool IsDamage(Exception ex) =>
        ex is JsonException or FormatException or OverflowException or InvalidCastException or InvalidDataException or NotSupportedException
            or ArgumentException;

    private void Skip(DamagedRow row)
    {
        Interlocked.Increment(ref _skipped);
        Damaged?.Invoke(row);
    }
}
