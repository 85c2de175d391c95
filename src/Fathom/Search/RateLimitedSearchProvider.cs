using System.Threading.RateLimiting;

namespace Fathom.Search;

/// <summary>
/// Holds each search until the provider's rate limit lets it through, so that a run with many
/// queries does not earn itself a 429. Requests queue in order; none is dropped.
/// </summary>
public sealed class RateLimitedSearchProvider : DelegatingSearchProvider
{
    private readonly RateLimiter _limiter;

    /// <summary>Wraps <paramref name="inner"/> in a token bucket that refills <paramref name="limit"/>'s requests every window.</summary>
    public RateLimitedSearchProvider(ISearchProvider inner, SearchRateLimit limit)
        : base(inner)
    {
        limit.Validate();
        _limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = limit.Requests,
            TokensPerPeriod = limit.Requests,
            ReplenishmentPeriod = limit.Window,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyList<SearchHit>> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        using var lease = await _limiter.AcquireAsync(1, cancellationToken);
        if (!lease.IsAcquired)
        {
            throw new SearchProviderException(Name, "the local rate limiter refused the request");
        }

        return await base.SearchAsync(query, cancellationToken);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _limiter.Dispose();
        }

        base.Dispose(disposing);
    }
}
