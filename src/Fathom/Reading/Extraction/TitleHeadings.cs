using AngleSharp.Dom;
using Fathom.Text;

namespace Fathom.Reading.Extraction;

/// <summary>
/// Removes the headline from the article body (the title is returned on its own) and empty headings.
/// A heading is the headline when it is an h1, or when nearly all its words are the title's and it
/// carries most of the title (sites shorten or lengthen the headline between the page and its meta tags).
/// </summary>
internal static class TitleHeadings
{
    public static void Remove(IElement root, string title)
    {
        var titleWords = Words.Tokens(title).ToHashSet(StringComparer.Ordinal);

        // Only the headline above the text is the title: the same words lower down are a section
        // heading that repeats it (a recipe's name over its ingredients).
        var firstParagraph = root.QuerySelectorAll("p").FirstOrDefault(p => p.TextContent.Length >= 80);
        foreach (var heading in root.QuerySelectorAll("h1,h2,h3,h4,h5,h6").ToList())
        {
            var words = Words.Tokens(heading.TextContent);
            var above = firstParagraph is null || heading.CompareDocumentPosition(firstParagraph).HasFlag(DocumentPositions.Following);
            if (words.Count == 0 ? heading.QuerySelector("img") is null : heading.LocalName == "h1" || above && IsTitle(words, titleWords))
            {
                heading.Remove();
            }
        }

        // Some sites set the headline in a styled div rather than a heading.
        if (FirstTextBlock(root) is { } first && first.TextContent.Length <= 200 && IsTitle(Words.Tokens(first.TextContent), titleWords))
        {
            first.Remove();
        }
    }

    private static IElement? FirstTextBlock(IElement root)
    {
        for (var e = root.FirstElementChild; e is not null;)
        {
            if (e.TextContent.Trim().Length == 0)
            {
                e = e.NextElementSibling;
                continue;
            }

            if (!ParagraphFinder.HasBlockChild(e))
            {
                return e;
            }

            e = e.FirstElementChild;
        }

        return null;
    }

    internal static bool IsTitle(List<string> words, HashSet<string> titleWords)
    {
        if (titleWords.Count == 0)
        {
            return false;
        }

        var shared = words.Distinct(StringComparer.Ordinal).Count(titleWords.Contains);
        return shared >= words.Count * 0.8 && shared >= titleWords.Count * 0.5;
    }
}
