using AngleSharp.Dom;
using Fathom.Text;

namespace Fathom.Reading.Extraction;

/// <summary>
/// Readability's conditional cleaning: removes containers inside the article that look like lists of
/// links, image strips or forms rather than prose, judged by their name weight, link density and
/// their counts of paragraphs, images, list items and inputs. Real prose stays whatever its name.
/// </summary>
internal static class ConditionalCleaner
{
    public static void Clean(IElement root)
    {
        var stats = new TextStats();
        var scorer = new ContentScorer(stats, weightClasses: true);
        var candidates = root.QuerySelectorAll("div,section,table,ul,ol,form,fieldset,header").Reverse().ToList();
        foreach (var e in candidates)
        {
            if (e.Parent is null || !root.Contains(e) || IsInsideCode(e, root))
            {
                continue;
            }

            if (e.LocalName == "table" && TableKind.IsDataTable(e))
            {
                continue;
            }

            if (ShouldRemove(e, scorer.ClassWeight(e), stats))
            {
                e.Remove();
                stats = new TextStats();
            }
        }
    }

    private static bool ShouldRemove(IElement e, int weight, TextStats stats)
    {
        // A name like "leafmedia" or "meta-wrapper" lowers the weight, but a block of real prose is
        // the article whatever its name says.
        if (weight < 0 && !HoldsProse(e, stats))
        {
            return true;
        }

        var measure = stats.Of(e);
        if (measure.Commas >= 10)
        {
            return false;
        }

        var counts = ElementCounts.Of(e);
        var isList = e.LocalName is "ul" or "ol" || counts.ListChars > measure.Chars * 0.9;
        var linkDensity = stats.LinkDensity(e);
        var isFigureChild = IsInFigure(e);
        if (!isFigureChild && counts.Images > 1 && (double)counts.Paragraphs / counts.Images < 0.5)
        {
            return true;
        }

        if (!isList && counts.ListItems - 100 > counts.Paragraphs)
        {
            return true;
        }

        if (counts.Inputs > counts.Paragraphs / 3)
        {
            return true;
        }

        if (!isList && !isFigureChild && measure.Chars < 25 && (counts.Images == 0 || counts.Images > 2) && linkDensity > 0)
        {
            return true;
        }

        if (e.LocalName is "ul" or "ol" && IsListOfLinks(e, linkDensity))
        {
            RemoveLeadIn(e);
            return true;
        }

        if (weight < 25 && linkDensity > 0.5 && !isList)
        {
            return true;
        }

        return weight >= 25 && linkDensity > 0.6;
    }

    /// <summary>
    /// A list of further reading: three or more short items, each holding a link. Lists that are part
    /// of an article mostly hold sentences without links.
    /// </summary>
    private static bool IsListOfLinks(IElement list, double linkDensity)
    {
        if (linkDensity < 0.3)
        {
            return false;
        }

        var items = list.Children.Where(c => c.LocalName == "li").ToList();
        return items.Count >= 3
            && items.All(li => li.QuerySelector("a[href]") is not null)
            && items.Average(li => li.TextContent.Length) < 120;
    }

    private static bool HoldsProse(IElement e, TextStats stats) =>
        e.QuerySelectorAll("p").Any(p => stats.Of(p).Chars >= 60 && stats.LinkDensity(p) < 0.3 && stats.Of(p).Commas + CountSentences(p.TextContent) >= 1);

    private static int CountSentences(string text) => text.Count(Punctuation.EndsSentence);

    /// <summary>Removes the heading that introduces a removed block ("More great stories").</summary>
    private static void RemoveLeadIn(IElement block)
    {
        if (block.PreviousElementSibling is { } lead && lead.TextContent.Trim() is { Length: > 0 and <= 80 } text
            && (HtmlTags.HeadingLevel(lead.LocalName) > 0 || !ParagraphFinder.HasBlockChild(lead) && !char.IsPunctuation(text[^1])))
        {
            lead.Remove();
        }
    }

    /// <summary>What <c>e.Closest("figure") is not null</c> says, by a walk up without selector parsing.</summary>
    private static bool IsInFigure(IElement e)
    {
        for (IElement? a = e; a is not null; a = a.ParentElement)
        {
            if (a.LocalName == "figure")
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsInsideCode(IElement e, IElement root)
    {
        for (var p = e.ParentElement; p is not null && p != root; p = p.ParentElement)
        {
            if (p.LocalName is "pre" or "code")
            {
                return true;
            }
        }

        return false;
    }
}
