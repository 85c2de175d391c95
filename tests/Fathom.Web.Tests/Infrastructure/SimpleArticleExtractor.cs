using AngleSharp.Html.Parser;
using Fathom.Reading;

namespace Fathom.Web.Tests.Infrastructure;

/// <summary>
/// A plain article extractor for tests of the reader: drops scripts and page furniture and keeps
/// the text of headings, paragraphs and list items. The engine's real extractor is tested on its own.
/// </summary>
public sealed class SimpleArticleExtractor : IArticleExtractor
{
    public int Calls { get; private set; }

    public Article Extract(string html, string? url = null)
    {
        Calls++;
        var document = new HtmlParser().ParseDocument(html);
        foreach (var furniture in document.QuerySelectorAll("script, style, nav, header, footer, aside, form, noscript").ToList())
        {
            furniture.Remove();
        }

        var root = document.QuerySelector("article") ?? document.QuerySelector("main") ?? document.Body;
        var blocks = root?.QuerySelectorAll("h1, h2, h3, h4, p, li, pre, blockquote")
            .Where(e => e.QuerySelector("p, li") is null)
            .Select(e => string.Join(' ', e.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)))
            .Where(t => t.Length > 0)
            .ToList() ?? [];
        var text = string.Join("\n\n", blocks);
        return new Article(document.Title?.Trim() ?? "", text, text);
    }
}
