using System.Text;

namespace Fathom.Search.Web;

/// <summary>
/// Where a web search API lives, its key and its rate limit; resolved from configuration at the
/// edge and handed to the provider. The key is never printed: <see cref="ToString"/> masks it.
/// </summary>
public sealed record WebSearchOptions
{
    /// <summary>The API's base address (a SearXNG instance, or the public API's address by default).</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>The API key, where the API needs one. Sent only in the header or body the API documents.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Requests the provider accepts per window.</summary>
    public SearchRateLimit RateLimit { get; init; } = SearchRateLimit.PerSecond(1);

    /// <summary>How long one request may take before it counts as a transient failure.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>The most bytes read from one response.</summary>
    public int MaxResponseBytes { get; init; } = 4 * 1024 * 1024;

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Endpoint = ").Append(Endpoint)
            .Append(", ApiKey = ").Append(ApiKey is null ? "(none)" : "***")
            .Append(", RateLimit = ").Append(RateLimit)
            .Append(", Timeout = ").Append(Timeout);
        return true;
    }
}
