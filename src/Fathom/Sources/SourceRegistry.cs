using System.Collections.Concurrent;

namespace Fathom.Sources;

/// <summary>
/// Gives every source one stable number for the whole run (the number citations use) and keeps
/// the findings read from it. Thread-safe: pages are read concurrently.
/// </summary>
public sealed class SourceRegistry
{
    private readonly ConcurrentDictionary<string, SourceCard> _byKey = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, SourceCard> _byNumber = new();
    private readonly ConcurrentDictionary<int, List<Finding>> _findings = new();
    private readonly Lock _gate = new();
    private int _next;

    /// <summary>Every registered source, by number.</summary>
    public IReadOnlyCollection<SourceCard> Sources => _byNumber.Values.OrderBy(s => s.Number).ToList();

    /// <summary>Returns the number already given to <paramref name="url"/>, or gives it the next one.</summary>
    public SourceCard Register(string url, string title, string description)
    {
        var key = UrlKey.Canonical(url);
        lock (_gate)
        {
            if (_byKey.TryGetValue(key, out var existing))
            {
                return existing;
            }

            var card = new SourceCard(++_next, url, title, description);
            _byKey[key] = card;
            _byNumber[card.Number] = card;
            return card;
        }
    }

    /// <summary>Restores a source with a known number (when a run is resumed from its events).</summary>
    public void Restore(SourceCard card)
    {
        lock (_gate)
        {
            _byKey[UrlKey.Canonical(card.Url)] = card;
            _byNumber[card.Number] = card;
            _next = Math.Max(_next, card.Number);
        }
    }

    /// <summary>Whether the address was seen before in this run.</summary>
    public bool Contains(string url) => _byKey.ContainsKey(UrlKey.Canonical(url));

    /// <summary>The source with this number, if any.</summary>
    public SourceCard? Find(int number) => _byNumber.GetValueOrDefault(number);

    /// <summary>Attaches findings to their source.</summary>
    public void AddFindings(IEnumerable<Finding> findings)
    {
        foreach (var finding in findings)
        {
            var list = _findings.GetOrAdd(finding.SourceNumber, _ => []);
            lock (list)
            {
                list.Add(finding);
            }
        }
    }

    /// <summary>All findings, grouped by source number in ascending order.</summary>
    /// <remarks>
    /// The dictionary's own <c>ToArray</c> takes its snapshot under its locks; LINQ straight over it
    /// copies it as a collection (<c>Count</c>, then <c>CopyTo</c>), which throws when a page adds its
    /// source's first finding in between.
    /// </remarks>
    public IReadOnlyList<Finding> Findings =>
        _findings.ToArray().OrderBy(p => p.Key).SelectMany(p => { lock (p.Value) { return p.Value.ToList(); } }).ToList();

    /// <summary>Findings of one source.</summary>
    public IReadOnlyList<Finding> FindingsOf(int number) =>
        _findings.TryGetValue(number, out var list) ? Snapshot(list) : [];

    private static List<Finding> Snapshot(List<Finding> list)
    {
        lock (list)
        {
            return [.. list];
        }
    }
}
