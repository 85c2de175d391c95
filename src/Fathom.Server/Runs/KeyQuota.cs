using System.Collections.Concurrent;

namespace Fathom.Server.Runs;

/// <summary>Counts the runs each caller has going in this process and refuses one beyond the limit.</summary>
internal sealed class KeyQuota(int limit) : IRunQuota
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _running = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public int Limit => limit;

    public ValueTask<bool> TryAcquireAsync(string owner, string runId)
    {
        lock (_gate)
        {
            var runs = _running.GetOrAdd(owner, _ => new(StringComparer.Ordinal));
            if (!runs.ContainsKey(runId) && runs.Count >= limit)
            {
                return ValueTask.FromResult(false);
            }

            runs[runId] = 0;
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask HoldAsync(string owner, string runId)
    {
        lock (_gate)
        {
            _running.GetOrAdd(owner, _ => new(StringComparer.Ordinal))[runId] = 0;
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask ReleaseAsync(string owner, string runId)
    {
        lock (_gate)
        {
            if (_running.TryGetValue(owner, out var runs))
            {
                runs.TryRemove(runId, out _);
            }
        }

        return ValueTask.CompletedTask;
    }
}
