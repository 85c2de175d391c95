using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Fathom.Reading.Extraction;

/// <summary>
/// Removes the short lines that sites set inside the article flow but that are not the article:
/// paragraphs that are all link ("READ MORE: other story"), stock labels ("Advertisement", "You may
/// also like"), datelines ("PUBLISHED: 10:48, Tue, Nov 19, 2019"), follow-us lines and captions that
/// repeat a picture's alt text.
/// </summary>
internal static partial class FurnitureLines
{
    private const int MaxLineChars = 200;

    public static void Remove(IElement root)
    {
        var stats = new TextStats();

        // Text that repeats a picture's alt text is the picture's caption.
        var altTexts = root.QuerySelectorAll("img[alt]").Select(i => Normalize(i.GetAttribute("alt")!)).Where(a => a.Length >= 12).ToHashSet(StringComparer.Ordinal);
        foreach (var block in root.QuerySelectorAll("p,h2,h3,h4,h5,h6,div,span,strong,time,em").ToList())
        {
            if (block.LocalName is "div" or "span" or "strong" && ParagraphFinder.HasBlockChild(block))
            {
                continue;
            }

            var measure = stats.Of(block);
            if (measure.Chars == 0 || measure.Chars > 2 * MaxLineChars)
            {
                continue;
            }

            // A line that is all link points elsewhere (a few links in a row are a reading list); so
            // does a heading that is a link (a teaser headline). A bare address is a source the
            // author cites, not a promotion.
            var text = block.TextContent;
            var isLinkLine = (block.LocalName is "p" or "div" || HtmlTags.HeadingLevel(block.LocalName) > 0)
                && measure.LinkChars > 0 && measure.Chars - measure.LinkChars <= measure.Chars / 5;
            if (isLinkLine && !LooksLikeAddress(text) || FollowUs().IsMatch(text) || PostedBy().IsMatch(text))
            {
                block.Remove();
                continue;
            }

            if (measure.Chars <= MaxLineChars && (BoilerplateLabels.IsLabel(text) || Datelines.IsDateline(text) || altTexts.Contains(Normalize(text)) || IsByline(block, text)))
            {
                block.Remove();
            }
        }
    }

    /// <summary>A short line built around the author's name, marked as such (<c>rel="author"</c>, <c>itemprop="author"</c>).</summary>
    private static bool IsByline(IElement block, string text)
    {
        if (text.Length > 150 || block.QuerySelector("[rel~='author'], [itemprop~='author']") is not { } author)
        {
            return false;
        }

        return author.TextContent.Trim().Length >= text.Trim().Length * 0.3;
    }

    private static string Normalize(string text) => Fathom.Text.Words.NormalizeSpace(text).ToLowerInvariant();

    private static bool LooksLikeAddress(string text) =>
        text.Contains("://", StringComparison.Ordinal) || text.Contains("www.", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"\bfollow\b.{1,40}?\bon (twitter|facebook|instagram|linkedin|youtube|tiktok)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FollowUs();

    [GeneratedRegex(@"(?<!originally )\b(posted|published|written|publicado|publié|pubblicato|veröffentlicht|escrito) (by|por|par|da|von)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PostedBy();
}
