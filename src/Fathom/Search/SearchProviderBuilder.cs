namespace Fathom.Search;

/// <summary>
/// Wraps a provider in decorators, outermost first in the order of the <see cref="Use"/> calls,
/// as <c>ChatClientBuilder</c> does: <c>new SearchProviderBuilder(brave).UseRetries(r).UseRateLimit(l).Build()</c>
/// retries around a rate-limited provider, so every retry also waits for its turn.
/// </summary>
public sealed class SearchProviderBuilder(ISearchProvider inner)
{
    private readonly List<Func<ISearchProvider, ISearchProvider>> _decorators = [];

    /// <summary>Adds a decorator; the first one added ends up outermost.</summary>
    public SearchProviderBuilder Use(Func<ISearchProvider, ISearchProvider> decorator)
    {
        ArgumentNullException.ThrowIfNull(decorator);
        _decorators.Add(decorator);
        return this;
    }

    /// <summary>Retries transient failures (429, 5xx, timeouts) with backoff, honouring Retry-After.</summary>
    public SearchProviderBuilder UseRetries(SearchRetryOptions? options = null, TimeProvider? time = null) =>
        Use(p => new RetryingSearchProvider(p, options ?? new SearchRetryOptions(), time));

    /// <summary>Lets at most <paramref name="limit"/>'s requests through per window; the others wait their turn.</summary>
    public SearchProviderBuilder UseRateLimit(SearchRateLimit limit) =>
        Use(p => new RateLimitedSearchProvider(p, limit));

    /// <summary>Logs searches and failures (queries only at Trace).</summary>
    public SearchProviderBuilder UseLogging(Microsoft.Extensions.Logging.ILoggerFactory loggerFactory) =>
        Use(p => new LoggingSearchProvider(p, Microsoft.Extensions.Logging.LoggerFactoryExtensions.CreateLogger<LoggingSearchProvider>(loggerFactory)));

    /// <summary>The provider wrapped in every decorator.</summary>
    public ISearchProvider Build()
    {
        var provider = inner;
        for (var i = _decorators.Count - 1; i >= 0; i--)
        {
            provider = _decorators[i](provider);
        }

        return provider;
    }
}
