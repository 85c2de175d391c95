using System.Collections.Concurrent;

namespace Fathom.Server.Runs;

/// <summary>Counts the runs each caller has going and refuses one beyond the limit.</summary>
internal sealed class KeyQuota(int limit)
{
    private readonly ConcurrentDictionary<string, int> _running = new(StringComparer.Ordinal);

    public int Limit => limit;

    /// <summary>Takes a slot for <paramref name="owner"/>; false when all its slots are taken.</summary>
    public bool TryAcquire(string owner)
    {
        while (true)
        {
            var current = _running.GetOrAdd(owner, 0);
            if (current >= limit)
            {
                return false;
            }

            if (_running.TryUpdate(owner, current + 1, current))
            {
                return true;
            }
        }
    }

    /// <summary>Gives a slot back.</summary>
    public void Release(string owner) => _running.AddOrUpdate(owner, 0, (_, n) => Math.Max(0, n - 1));
}
