using System.Globalization;
using System.Text.Json;
using Fathom.Events;
using Fathom.Research;
using Fathom.Sources;

namespace Fathom.Storage;

/// <summary>
/// Turns stored text back into runs and events, for every kind of run store: a row that cannot be
/// read (scribbled JSON, a field that does not parse, an event that names another run or place) is
/// skipped and handed to the reporter instead of failing the whole read, so that one damaged row
/// neither answers a request with a fault nor cuts a stream short.
/// </summary>
public sealed class StoredRows
{
    /// <summary>Raised for each row skipped, on the thread that read it.</summary>
    public event Action<DamagedRow>? Damaged;

    /// <summary>Rows skipped since the store opened.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    private long _skipped;

    /// <summary>The event stored as <paramref name="json"/> at <paramref name="sequence"/> of <paramref name="runId"/>, or null when it cannot be read.</summary>
    public ResearchEvent? Event(string runId, long sequence, string json)
    {
        try
        {
            var e = FathomJson.Deserialize(json);
            if (e.Sequence == sequence && string.Equals(e.RunId, runId, StringComparison.Ordinal))
            {
                return e;
            }

            Skip(new DamagedRow(runId, sequence, $"the stored event says it is event {e.Sequence} of run {e.RunId}"));
            return null;
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or ArgumentException or FormatException or InvalidOperationException)
        {
            Skip(new DamagedRow(runId, sequence, $"its JSON cannot be read ({ex.Message})"));
            return null;
        }
    }

    /// <summary>A run's fields as stored, turned into a <see cref="StoredRun"/>; null (and reported) when one cannot be read.</summary>
    public StoredRun? Run(RunFields row)
    {
        ArgumentNullException.ThrowIfNull(row);
        try
        {
            return new StoredRun
            {
                Id = row.Id,
                Status = Status(row.Status),
                Model = row.Model,
                Owner = row.Owner,
                Request = JsonSerializer.Deserialize(row.Request, StorageJsonContext.Default.ResearchRequest)
                    ?? throw new JsonException("the stored request is null"),
                HostRequest = row.HostRequest,
                CreatedAt = DateTimeOffset.Parse(row.CreatedAt, CultureInfo.InvariantCulture),
                UpdatedAt = DateTimeOffset.Parse(row.UpdatedAt, CultureInfo.InvariantCulture),
                LastSequence = row.LastSequence,
                Report = row.Report,
                References = row.References is null ? [] : JsonSerializer.Deserialize(row.References, StorageJsonContext.Default.ListReference) ?? [],
                Usage = new TokenUsage(row.InputTokens, row.OutputTokens, decimal.Parse(row.Cost, CultureInfo.InvariantCulture)),
                Error = row.Error,
            };
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or ArgumentException or FormatException or OverflowException)
        {
            Skip(new DamagedRow(row.Id, null, $"its stored fields cannot be read ({ex.Message})"));
            return null;
        }
    }

    /// <summary>A run's summary from its stored fields; null (and reported) when one cannot be read.</summary>
    public StoredRunSummary? Summary(string id, string status, string request, string createdAt, string updatedAt, long lastSequence, bool hasReport)
    {
        try
        {
            var question = JsonSerializer.Deserialize(request, StorageJsonContext.Default.ResearchRequest)?.Question ?? "";
            return new StoredRunSummary(
                id,
                Status(status),
                question,
                DateTimeOffset.Parse(createdAt, CultureInfo.InvariantCulture),
                DateTimeOffset.Parse(updatedAt, CultureInfo.InvariantCulture),
                lastSequence,
                hasReport);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or ArgumentException or FormatException)
        {
            Skip(new DamagedRow(id, null, $"its stored fields cannot be read ({ex.Message})"));
            return null;
        }
    }

    /// <summary>A status as stored (snake_case); throws <see cref="ArgumentException"/> for any other text.</summary>
    public static StoredRunStatus Status(string name) => name switch
    {
        "needs_clarification" => StoredRunStatus.NeedsClarification,
        _ when Enum.TryParse<StoredRunStatus>(name, ignoreCase: true, out var status) && Enum.IsDefined(status) && !int.TryParse(name, out _) => status,
        _ => throw new ArgumentException($"'{name}' is not a run status"),
    };

    private void Skip(DamagedRow row)
    {
        Interlocked.Increment(ref _skipped);
        Damaged?.Invoke(row);
    }
}

/// <summary>A run's row as a store keeps it, before it is read back (<see cref="StoredRows.Run"/>).</summary>
public sealed record RunFields(
    string Id,
    string Status,
    string Model,
    string Owner,
    string Request,
    string? HostRequest,
    string CreatedAt,
    string UpdatedAt,
    long LastSequence,
    string? Report,
    string? References,
    long InputTokens,
    long OutputTokens,
    string Cost,
    string? Error);
