namespace Fathom.Search.Web;

/// <summary>
/// Builds a configured web search provider with its cross-cutting behaviour around it: retries
/// outside, the provider's own rate limit inside, so every retry waits its turn too.
/// </summary>
public static class WebSearchProviders
{
    /// <summary>The provider kinds known by name: searxng, brave, tavily, duckduckgo.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["searxng", "brave", "tavily", "duckduckgo"];

    /// <summary>The public endpoint of <paramref name="kind"/>, or null for SearXNG, which is self-hosted.</summary>
    public static Uri? DefaultEndpoint(string kind) => kind.ToLowerInvariant() switch
    {
        "brave" => BraveSearchProvider.DefaultEndpoint,
        "tavily" => TavilySearchProvider.DefaultEndpoint,
        "duckduckgo" => DuckDuckGoSearchProvider.DefaultEndpoint,
        _ => null,
    };

    /// <summary>Creates the bare provider of <paramref name="kind"/>.</summary>
    /// <exception cref="ArgumentException">The kind is unknown, or its options are incomplete.</exception>
    public static ISearchProvider Create(string kind, HttpClient http, WebSearchOptions options) => kind.ToLowerInvariant() switch
    {
        "searxng" => new SearxngSearchProvider(http, options),
        "brave" => new BraveSearchProvider(http, options),
        "tavily" => new TavilySearchProvider(http, options),
        "duckduckgo" => new DuckDuckGoSearchProvider(http, options),
        _ => throw new ArgumentException($"Unknown search provider '{kind}'; use one of: {string.Join(", ", Kinds)}.", nameof(kind)),
    };

    /// <summary>Creates the provider of <paramref name="kind"/> wrapped in retries and its rate limit.</summary>
    public static ISearchProvider CreateResilient(string kind, HttpClient http, WebSearchOptions options, SearchRetryOptions? retries = null, TimeProvider? time = null) =>
        new SearchProviderBuilder(Create(kind, http, options))
            .UseRetries(retries, time)
            .UseRateLimit(options.RateLimit)
            .Build();
}
