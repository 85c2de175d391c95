using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Fathom.Reading.Extraction;

/// <summary>
/// Parses a page into the tree a browser shows: markup a self-closing frame in <c>noscript</c>
/// swallowed is given back (<see cref="SwallowedMarkup"/>), and the parts a streaming server sent late
/// are put in their places (<see cref="StreamedSegments"/>). Every reader of a page's HTML parses through it.
/// </summary>
internal static class ShownPage
{
    /// <summary>The page <paramref name="html"/> parsed by <paramref name="parser"/>, as a browser shows it.</summary>
    public static IHtmlDocument Parse(HtmlParser parser, string html)
    {
        var document = parser.ParseDocument(html);
        SwallowedMarkup.Recover(document, html, parser);
        StreamedSegments.Place(document, html);
        return document;
    }
}
