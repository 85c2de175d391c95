using AngleSharp.Dom;

namespace Fathom.Reading.Extraction;

/// <summary>
/// Removes the furniture that sits inside the article container: sharing and related-link widgets,
/// bylines, captions, ads and comment blocks (recognised by their names, as trafilatura does), and
/// containers that look like lists of links or image strips rather than prose (Readability's
/// conditional cleaning). A block that holds most of the article is never removed by its name alone.
/// </summary>
internal static class ContentPruner
{
    private const double ProtectedShare = 0.4;

    /// <summary>Prunes <paramref name="root"/> in place.</summary>
    public static void Prune(IElement root, string title, bool cleanConditionally)
    {
        RemoveNamedBoilerplate(root);
        if (cleanConditionally)
        {
            CleanConditionally(root);
        }

        RemoveTitleHeadings(root, title);
        RemoveLinkAndLabelLines(root);
    }

    /// <summary>
    /// Drops short paragraphs that are all link ("READ MORE: other story") and the stock labels of
    /// page furniture ("Advertisement", "You may also like"): promotions set inside the article flow.
    /// </summary>
    private static void RemoveLinkAndLabelLines(IElement root)
    {
        var stats = new TextStats();
        foreach (var block in root.QuerySelectorAll("p,h2,h3,h4,h5,h6,div,span,strong").ToList())
        {
            if (block.LocalName is "div" or "span" or "strong" && ParagraphFinder.HasBlockChild(block))
            {
                continue;
            }

            var measure = stats.Of(block);
            if (measure.Chars == 0 || measure.Chars > 200)
            {
                continue;
            }

            var text = block.TextContent;
            var isLinkLine = block.LocalName is "p" or "div" && measure.LinkChars > 0 && measure.Chars - measure.LinkChars <= measure.Chars / 5;

            // A bare address is a source the author cites, not a promotion.
            if (isLinkLine && !LooksLikeAddress(text) || BoilerplateLabels.IsLabel(text))
            {
                block.Remove();
            }
        }
    }

    private static void RemoveNamedBoilerplate(IElement root)
    {
        var stats = new TextStats();
        var total = Math.Max(1, stats.Of(root).Chars);
        var doomed = new List<IElement>();
        Visit(root);
        foreach (var e in doomed)
        {
            e.Remove();
        }

        void Visit(IElement e)
        {
            for (var child = e.FirstElementChild; child is not null; child = child.NextElementSibling)
            {
                if (IsNamedBoilerplate(child) && stats.Of(child).Chars < total * ProtectedShare)
                {
                    doomed.Add(child);
                    continue;
                }

                Visit(child);
            }
        }
    }

    private static bool LooksLikeAddress(string text) =>
        text.Contains("://", StringComparison.Ordinal) || text.Contains("www.", StringComparison.OrdinalIgnoreCase);

    private static bool IsNamedBoilerplate(IElement e)
    {
        // Captions describe pictures, not the story; a header that holds the headline holds the
        // standfirst and byline too, which the metadata already carries.
        if (e.LocalName is "figcaption" || e.LocalName == "header" && e.QuerySelector("h1") is not null)
        {
            return true;
        }

        if (e.LocalName is "aside" or "nav" or "footer" or "form" || e.GetAttribute("role") is "navigation" or "complementary")
        {
            return true;
        }

        // Inline elements named "icon" or "tag" sit inside sentences; only blocks are furniture.
        if (!HtmlTags.Block.Contains(e.LocalName) && !(e.LocalName == "span" && e.Closest("p,li,h1,h2,h3,h4,h5,h6,td") is null))
        {
            return false;
        }

        var names = ClassPatterns.NamesOf(e);
        if (names.Length == 0 || ClassPatterns.ArticleBody().IsMatch(names))
        {
            return false;
        }

        return ClassPatterns.Boilerplate().IsMatch(names) || ClassPatterns.BoilerplateWords().IsMatch(names);
    }

    private static void CleanConditionally(IElement root)
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
        if (weight < 0)
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
        var isFigureChild = e.Closest("figure") is not null;
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

        if (weight < 25 && linkDensity > 0.5 && (!isList || measure.Chars - measure.LinkChars < 40))
        {
            return true;
        }

        return weight >= 25 && linkDensity > 0.6;
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

    private static void RemoveTitleHeadings(IElement root, string title)
    {
        var normalizedTitle = Normalize(title);
        foreach (var heading in root.QuerySelectorAll("h1,h2,h3,h4,h5,h6").ToList())
        {
            var text = Normalize(heading.TextContent);
            if (text.Length == 0 && heading.QuerySelector("img") is null)
            {
                heading.Remove();
            }
            else if (heading.LocalName == "h1" || (normalizedTitle.Length > 0 && text.Length > 0 && (text == normalizedTitle || normalizedTitle.Contains(text, StringComparison.Ordinal) && text.Length * 2 > normalizedTitle.Length)))
            {
                heading.Remove();
            }
        }

        static string Normalize(string s) => Fathom.Text.Words.NormalizeSpace(s).ToLowerInvariant();
    }
}
