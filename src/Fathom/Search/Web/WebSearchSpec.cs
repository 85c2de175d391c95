namespace Fathom.Search.Web;

/// <summary>
/// One configured web search backend, as a user writes it: <c>searxng=http://localhost:8888</c>,
/// <c>brave</c>, <c>tavily</c>, <c>duckduckgo</c>. Keys never appear in a spec; they are looked up
/// by name (<c>BRAVE_API_KEY</c>, <c>TAVILY_API_KEY</c>) in what the host passes in.
/// </summary>
/// <param name="Kind">searxng, brave, tavily or duckduckgo.</param>
/// <param name="Endpoint">The address given, or null for the provider's public one.</param>
public sealed record WebSearchSpec(string Kind, Uri? Endpoint = null)
{
    /// <summary>Parses <c>KIND</c> or <c>KIND=URL</c>.</summary>
    /// <exception cref="ArgumentException">The kind is unknown or the address is not an absolute http(s) address.</exception>
    public static WebSearchSpec Parse(string spec)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spec);
        var at = spec.IndexOf('=', StringComparison.Ordinal);
        var kind = (at < 0 ? spec : spec[..at]).Trim().ToLowerInvariant();
        if (!WebSearchProviders.Kinds.Contains(kind))
        {
            throw new ArgumentException($"Unknown web search '{kind}' in '{spec}'; use one of: {string.Join(", ", WebSearchProviders.Kinds)} (SearXNG as searxng=URL).");
        }

        if (at < 0)
        {
            return new WebSearchSpec(kind);
        }

        var address = spec[(at + 1)..].Trim();
        return Uri.TryCreate(address, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? new WebSearchSpec(kind, uri)
            : throw new ArgumentException($"'{address}' in '{spec}' is not an http(s) address; write it as {kind}=https://host[:port].");
    }

    /// <summary>The name the key of this provider is looked up by (BRAVE_API_KEY…), or null when it needs none.</summary>
    public string? KeyName => Kind switch
    {
        "brave" or "tavily" => Kind.ToUpperInvariant() + "_API_KEY",
        "searxng" => "SEARXNG_API_KEY",
        _ => null,
    };

    /// <summary>
    /// The provider's options: the endpoint given (for SearXNG, else <c>SEARXNG_URL</c>), the key
    /// found under <see cref="KeyName"/>, and a rate limit polite for the service.
    /// </summary>
    /// <param name="lookup">Finds a setting by name (the host passes its environment or configuration).</param>
    /// <exception cref="ArgumentException">Something the provider needs is missing; the message says how to give it.</exception>
    public WebSearchOptions ToOptions(Func<string, string?> lookup)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        var endpoint = Endpoint
            ?? WebSearchProviders.DefaultEndpoint(Kind)
            ?? (Uri.TryCreate(lookup("SEARXNG_URL"), UriKind.Absolute, out var fromSetting) ? fromSetting : null)
            ?? throw new ArgumentException("SearXNG is self-hosted: give its address as searxng=http://host:port or in SEARXNG_URL.");
        var key = KeyName is { } name ? lookup(name) : null;
        if (Kind is "brave" or "tavily" && string.IsNullOrWhiteSpace(key))
        {
            throw new ArgumentException($"The '{Kind}' web search needs an API key: set {KeyName}.");
        }

        return new WebSearchOptions
        {
            Endpoint = endpoint,
            ApiKey = string.IsNullOrWhiteSpace(key) ? null : key.Trim(),
            RateLimit = Kind switch
            {
                "brave" => SearchRateLimit.PerSecond(1), // the free plan's limit
                "duckduckgo" => new SearchRateLimit(1, TimeSpan.FromSeconds(2)), // it answers bursts with a bot check
                _ => SearchRateLimit.PerSecond(5),
            },
        };
    }
}
