using Fathom.Sources;

namespace Fathom.Search;

/// <summary>
/// Runs a query on every provider at once and merges the results: de-duplicated by canonical URL,
/// interleaved by rank so that no provider drowns the others. A failing provider is reported, not thrown.
/// </summary>
public sealed class SearchFanOut(IReadOnlyList<ISearchProvider> providers)
{
    /// <summary>The providers searched.</summary>
    public IReadOnlyList<ISearchProvider> Providers => providers;

    /// <summary>Searches all providers; failures are returned alongside the hits.</summary>
    public async Task<SearchOutcome> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        var tasks = providers.Select(async p =>
        {
            try
            {
                return (p.Name, Hits: await p.SearchAsync(query, cancellationToken), Error: (string?)null);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return (p.Name, Hits: (IReadOnlyList<SearchHit>)[], Error: ex.Message);
            }
        }).ToList();
        var results = await Task.WhenAll(tasks);

        var merged = new List<SearchHit>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var longest = results.Length == 0 ? 0 : results.Max(r => r.Hits.Count);
        for (var rank = 0; rank < longest; rank++)
        {
            foreach (var result in results)
            {
                if (rank < result.Hits.Count && seen.Add(UrlKey.Canonical(result.Hits[rank].Url)))
                {
                    merged.Add(result.Hits[rank]);
                }
            }
        }

        var failures = results.Where(r => r.Error is not null).Select(r => new SearchFailure(r.Name, r.Error!)).ToList();
        return new SearchOutcome(merged, failures);
    }
}

/// <summary>Merged hits of one query and the providers that failed on it.</summary>
public sealed record SearchOutcome(IReadOnlyList<SearchHit> Hits, IReadOnlyList<SearchFailure> Failures);

/// <summary>A provider that failed, and why.</summary>
public sealed record SearchFailure(string Provider, string Reason);
