using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Fathom.Reading.Extraction;

/// <summary>
/// Gives back the markup a frame written as self-closing inside <c>noscript</c> swallows. Pages built
/// from JSX write the tag manager's fallback as <c>&lt;noscript&gt;&lt;iframe … /&gt;&lt;/noscript&gt;</c>;
/// HTML has no self-closing frames, so a parser that reads <c>noscript</c> as markup (as the extractor
/// does, for the threads forum software serves there) takes the rest of the page for the frame's text.
/// A browser runs scripts and reads <c>noscript</c> as text, so it shows that rest as markup: here it is
/// parsed again, after the <c>noscript</c>.
/// </summary>
internal static partial class SwallowedMarkup
{
    /// <summary>Restores what any such frame of <paramref name="document"/> (parsed from <paramref name="html"/>) swallowed.</summary>
    public static void Recover(IDocument document, string html, HtmlParser parser)
    {
        // Most pages have no such frame: one search of the markup spares them the walk over their frames.
        if (!SelfClosingFrame().IsMatch(html))
        {
            return;
        }

        foreach (var frame in document.GetElementsByTagName("iframe").ToList())
        {
            var text = frame.TextContent;
            var end = text.IndexOf("</noscript>", StringComparison.OrdinalIgnoreCase);
            if (end < 0 || frame.Closest("noscript") is not { Parent: { } parent } noscript)
            {
                continue;
            }

            frame.TextContent = string.Empty;
            var context = document.Body ?? document.DocumentElement;
            var after = noscript.NextSibling;
            foreach (var node in parser.ParseFragment(text[(end + "</noscript>".Length)..], context).ToList())
            {
                parent.InsertBefore(node, after);
            }
        }
    }

    [GeneratedRegex(@"<iframe\b[^>]*/>\s*</noscript>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SelfClosingFrame();
}
