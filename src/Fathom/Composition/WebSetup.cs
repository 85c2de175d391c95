using Fathom.Reading;
using Fathom.Reading.Web;
using Fathom.Search;
using Fathom.Search.Web;

namespace Fathom.Composition;

/// <summary>
/// The web part of an engine: the configured search providers (each with retries and its rate
/// limit) and the safe web page reader with its cache. Pass <see cref="SearchProviders"/> and
/// <see cref="Reader"/> to <see cref="EngineOptions"/>; dispose it when the engine is done.
/// </summary>
public sealed class WebSetup : IDisposable
{
    private readonly HttpClient _http;
    private readonly WebFetcher _fetcher;

    private WebSetup(HttpClient http, WebFetcher fetcher, IReadOnlyList<ISearchProvider> providers, IPageReader reader)
    {
        _http = http;
        _fetcher = fetcher;
        SearchProviders = providers;
        Reader = reader;
    }

    /// <summary>The web search providers, decorated.</summary>
    public IReadOnlyList<ISearchProvider> SearchProviders { get; }

    /// <summary>Reads http(s) hits through the SSRF-guarded fetcher.</summary>
    public IPageReader Reader { get; }

    /// <summary>Builds the web part from resolved settings.</summary>
    /// <param name="searches">The web searches to use (may be empty: the reader alone still reads web hits of other providers).</param>
    /// <param name="lookup">Finds keys and addresses by name (BRAVE_API_KEY, SEARXNG_URL…): the host's environment or configuration.</param>
    /// <param name="extractor">Finds the article of HTML pages.</param>
    /// <param name="fetch">Fetch limits and the private hosts allowed; defaults when null.</param>
    /// <param name="cacheFile">The SQLite page cache; no cache when null.</param>
    /// <exception cref="ArgumentException">A search is missing its key or address; the message says which.</exception>
    public static WebSetup Create(IReadOnlyList<WebSearchSpec> searches, Func<string, string?> lookup, IArticleExtractor extractor, FetchOptions? fetch = null, string? cacheFile = null)
    {
        ArgumentNullException.ThrowIfNull(searches);
        var options = searches.Select(s => (s.Kind, Options: s.ToOptions(lookup))).ToList();
        var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.UserAgent.ParseAdd((fetch ?? new FetchOptions()).UserAgent);
        var providers = options.Select(o => WebSearchProviders.CreateResilient(o.Kind, http, o.Options)).ToList();
        var fetcher = new WebFetcher(fetch ?? new FetchOptions(), cacheFile is null ? null : new SqlitePageCache(cacheFile));
        return new WebSetup(http, fetcher, providers, new WebPageReader(fetcher, extractor));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var provider in SearchProviders.OfType<IDisposable>())
        {
            provider.Dispose();
        }

        _fetcher.Dispose();
        _http.Dispose();
    }
}
