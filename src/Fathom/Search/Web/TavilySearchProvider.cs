using System.Text;
using System.Text.Json;

namespace Fathom.Search.Web;

/// <summary>
/// The Tavily search API: <c>POST /search</c> with a JSON body and the key as a bearer token;
/// hits, each with a relevance score, are in <c>results</c>.
/// </summary>
public sealed class TavilySearchProvider : HttpSearchProvider
{
    /// <summary>The public API's address.</summary>
    public static readonly Uri DefaultEndpoint = new("https://api.tavily.com/");

    /// <summary>Creates the provider; Tavily needs a key.</summary>
    public TavilySearchProvider(HttpClient http, WebSearchOptions options)
        : base("tavily", http, options)
    {
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            throw new ArgumentException("Tavily needs an API key (it starts with 'tvly-'): create one in the Tavily dashboard and configure it for the 'tavily' provider.", nameof(options));
        }
    }

    /// <inheritdoc />
    protected override HttpRequestMessage CreateRequest(SearchQuery query)
    {
        using var body = new MemoryStream();
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writer.WriteString("query", query.Text);
            writer.WriteNumber("max_results", Math.Clamp(query.MaxResults, 1, 20));
            writer.WriteString("search_depth", "basic");
            writer.WriteBoolean("include_answer", false);
            writer.WriteEndObject();
        }

        var request = new HttpRequestMessage(HttpMethod.Post, EndpointPath("search", "").ToString().TrimEnd('?'))
        {
            Content = new StringContent(Encoding.UTF8.GetString(body.ToArray()), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", Options.ApiKey);
        return request;
    }

    /// <inheritdoc />
    protected override IEnumerable<SearchHit> Parse(string body, SearchQuery query)
    {
        using var json = JsonDocument.Parse(body);
        var hits = new List<SearchHit>();
        var index = 0;
        foreach (var result in json.RootElement.GetProperty("results").EnumerateArray())
        {
            var score = result.TryGetProperty("score", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetDouble() : SnippetText.RankScore(index);
            hits.Add(new SearchHit(
                result.GetProperty("url").GetString() ?? "",
                SnippetText.Clean(result.TryGetProperty("title", out var t) ? t.GetString() : ""),
                SnippetText.Clean(result.TryGetProperty("content", out var c) ? c.GetString() : ""),
                score,
                Name));
            index++;
        }

        return hits;
    }
}
