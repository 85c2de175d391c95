using System.Net;
using System.Text.Json;

namespace Fathom.Search.Web;

/// <summary>
/// SearXNG, the self-hosted metasearch engine and Fathom's default web search: <c>GET /search?format=json</c>.
/// The instance must allow the JSON format (<c>search.formats</c> in its settings.yml).
/// </summary>
public sealed class SearxngSearchProvider(HttpClient http, WebSearchOptions options) : HttpSearchProvider("searxng", http, options)
{
    /// <inheritdoc />
    protected override HttpRequestMessage CreateRequest(SearchQuery query)
    {
        var parameters = $"q={Uri.EscapeDataString(query.Text)}&format=json&pageno=1";
        if (query.Language is { Length: > 0 } language)
        {
            parameters += "&language=" + Uri.EscapeDataString(language);
        }

        var request = new HttpRequestMessage(HttpMethod.Get, EndpointPath("search", parameters));
        request.Headers.Accept.ParseAdd("application/json");
        if (Options.ApiKey is { Length: > 0 } key)
        {
            // Instances behind a reverse proxy often guard the API with a bearer token.
            request.Headers.Authorization = new("Bearer", key);
        }

        return request;
    }

    /// <inheritdoc />
    protected override IEnumerable<SearchHit> Parse(string body, SearchQuery query)
    {
        using var json = JsonDocument.Parse(body);
        var results = json.RootElement.GetProperty("results");
        var hits = new List<SearchHit>();
        var index = 0;
        foreach (var result in results.EnumerateArray())
        {
            var url = result.GetProperty("url").GetString() ?? "";
            var score = result.TryGetProperty("score", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetDouble() : SnippetText.RankScore(index);
            hits.Add(new SearchHit(url, SnippetText.Clean(Text(result, "title")), SnippetText.Clean(Text(result, "content")), score, Name));
            index++;
        }

        return hits;
    }

    /// <inheritdoc />
    protected override string DescribeStatus(HttpStatusCode status) => status == HttpStatusCode.Forbidden
        ? "the instance refused JSON (HTTP 403); add 'json' to search.formats in its settings.yml"
        : base.DescribeStatus(status);

    private static string Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";
}
