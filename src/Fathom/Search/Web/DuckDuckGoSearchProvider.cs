using System.Net;
using AngleSharp.Html.Parser;

namespace Fathom.Search.Web;

/// <summary>
/// DuckDuckGo's HTML endpoint, which needs no key: <c>POST /html/</c> with the query as a form
/// field; hits are <c>div.result</c> blocks whose links go through DuckDuckGo's redirector
/// (<c>/l/?uddg=…</c>), which is unwrapped to the real address. Ads are skipped.
/// </summary>
public sealed class DuckDuckGoSearchProvider(HttpClient http, WebSearchOptions options) : HttpSearchProvider("duckduckgo", http, options)
{
    /// <summary>The public endpoint's address.</summary>
    public static readonly Uri DefaultEndpoint = new("https://html.duckduckgo.com/");

    /// <inheritdoc />
    protected override HttpRequestMessage CreateRequest(SearchQuery query)
    {
        var form = new Dictionary<string, string> { ["q"] = query.Text, ["b"] = "" };
        if (query.Language is { Length: > 0 } language)
        {
            form["kl"] = language;
        }

        var request = new HttpRequestMessage(HttpMethod.Post, EndpointPath("html/", "").ToString().TrimEnd('?'))
        {
            Content = new FormUrlEncodedContent(form),
        };
        request.Headers.Accept.ParseAdd("text/html");
        return request;
    }

    /// <inheritdoc />
    protected override IEnumerable<SearchHit> Parse(string body, SearchQuery query)
    {
        var document = new HtmlParser().ParseDocument(body);
        if (document.QuerySelector(".anomaly-modal, #challenge-form") is not null)
        {
            throw new SearchProviderException(Name, "DuckDuckGo answered with a bot check instead of results; slow its rate limit down", HttpStatusCode.TooManyRequests);
        }

        var hits = new List<SearchHit>();
        foreach (var result in document.QuerySelectorAll("div.result"))
        {
            if (result.ClassList.Contains("result--ad") || result.QuerySelector("a.result__a") is not { } link)
            {
                continue;
            }

            var url = Unwrap(link.GetAttribute("href") ?? "");
            if (url is null)
            {
                continue;
            }

            var snippet = result.QuerySelector(".result__snippet")?.TextContent;
            hits.Add(new SearchHit(url, SnippetText.Clean(link.TextContent), SnippetText.Clean(snippet), SnippetText.RankScore(hits.Count), Name));
        }

        return hits;
    }

    /// <summary>The target of a DuckDuckGo redirect link, or the link itself when it is direct.</summary>
    internal static string? Unwrap(string href)
    {
        var absolute = href.StartsWith("//", StringComparison.Ordinal) ? "https:" + href : href;
        if (!Uri.TryCreate(absolute, UriKind.Absolute, out var uri))
        {
            return null;
        }

        if (uri.AbsolutePath.StartsWith("/l/", StringComparison.Ordinal))
        {
            foreach (var pair in uri.Query.TrimStart('?').Split('&'))
            {
                if (pair.StartsWith("uddg=", StringComparison.Ordinal))
                {
                    return Uri.UnescapeDataString(pair[5..]);
                }
            }

            return null;
        }

        return uri.Scheme is "http" or "https" ? uri.ToString() : null;
    }
}
