using System.Text.Json;

namespace Fathom.Search.Web;

/// <summary>
/// The Brave Search API: <c>GET /res/v1/web/search</c> with the key in <c>X-Subscription-Token</c>;
/// hits are in <c>web.results</c>.
/// </summary>
public sealed class BraveSearchProvider : HttpSearchProvider
{
    /// <summary>The public API's address.</summary>
    public static readonly Uri DefaultEndpoint = new("https://api.search.brave.com/");

    /// <summary>Creates the provider; Brave needs a key.</summary>
    public BraveSearchProvider(HttpClient http, WebSearchOptions options)
        : base("brave", http, options)
    {
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            throw new ArgumentException("Brave Search needs an API key: create one in the Brave Search API dashboard and configure it for the 'brave' provider.", nameof(options));
        }
    }

    /// <inheritdoc />
    protected override HttpRequestMessage CreateRequest(SearchQuery query)
    {
        var parameters = $"q={Uri.EscapeDataString(query.Text)}&count={Math.Clamp(query.MaxResults, 1, 20)}";
        if (query.Language is { Length: > 0 } language)
        {
            parameters += "&search_lang=" + Uri.EscapeDataString(language);
        }

        var request = new HttpRequestMessage(HttpMethod.Get, EndpointPath("res/v1/web/search", parameters));
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.TryAddWithoutValidation("X-Subscription-Token", Options.ApiKey);
        return request;
    }

    /// <inheritdoc />
    protected override IEnumerable<SearchHit> Parse(string body, SearchQuery query)
    {
        using var json = JsonDocument.Parse(body);
        if (!json.RootElement.TryGetProperty("type", out var type) || type.GetString() != "search")
        {
            throw new FormatException("the root object is not of type \"search\"");
        }

        if (!json.RootElement.TryGetProperty("web", out var web))
        {
            return []; // Brave leaves out "web" when nothing matched.
        }

        var hits = new List<SearchHit>();
        var index = 0;
        foreach (var result in web.GetProperty("results").EnumerateArray())
        {
            hits.Add(new SearchHit(
                result.GetProperty("url").GetString() ?? "",
                SnippetText.Clean(result.TryGetProperty("title", out var t) ? t.GetString() : ""),
                SnippetText.Clean(result.TryGetProperty("description", out var d) ? d.GetString() : ""),
                SnippetText.RankScore(index++),
                Name));
        }

        return hits;
    }
}
