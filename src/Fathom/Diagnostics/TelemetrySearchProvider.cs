using Fathom.Search;

namespace Fathom.Diagnostics;

/// <summary>A span, a count and a duration for every search, tagged with the provider and outcome (never the query).</summary>
public sealed class TelemetrySearchProvider(ISearchProvider inner) : DelegatingSearchProvider(inner)
{
    /// <inheritdoc />
    public override async Task<IReadOnlyList<SearchHit>> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        using var activity = FathomTelemetry.ActivitySource.StartActivity("fathom.search");
        activity?.SetTag("fathom.search.provider", Name);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        Exception? error = null;
        try
        {
            var hits = await base.SearchAsync(query, cancellationToken);
            activity?.SetTag("fathom.search.hits", hits.Count);
            return hits;
        }
        catch (Exception ex)
        {
            error = ex;
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
        finally
        {
            var tags = new System.Diagnostics.TagList { { "fathom.search.provider", Name }, { "fathom.outcome", FathomTelemetry.Outcome(error) } };
            FathomTelemetry.Searches.Add(1, tags);
            FathomTelemetry.SearchDuration.Record(FathomTelemetry.SecondsSince(started), tags);
        }
    }
}
