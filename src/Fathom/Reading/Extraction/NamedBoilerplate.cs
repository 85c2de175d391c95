using AngleSharp.Dom;

namespace Fathom.Reading.Extraction;

/// <summary>
/// Removes the blocks inside the article whose tag or name says what they are: sharing and
/// related-link widgets, bylines, captions, ads, tags and comment blocks (as trafilatura does), asides,
/// navigation, forms, and the header that holds the headline. A block holding a large share of the
/// article is never removed for its name alone.
/// </summary>
internal static class NamedBoilerplate
{
    private const double ProtectedShare = 0.4;

    public static void Remove(IElement root)
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
            foreach (var child in ChildNodes.ElementsOf(e))
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
        if (!HtmlTags.Block.Contains(e.LocalName) && !(e.LocalName == "span" && !InTextBlock(e)))
        {
            return false;
        }

        var names = ClassPatterns.NamesOf(e);
        if (names.Length == 0)
        {
            return false;
        }

        var matched = ClassPatterns.Match(names);
        return !matched.HasFlag(NamePatterns.ArticleBody) && (matched & (NamePatterns.Boilerplate | NamePatterns.BoilerplateWords)) != 0;
    }

    /// <summary>What <c>e.Closest("p,li,h1,h2,h3,h4,h5,h6,td") is not null</c> says, by a walk up without selector parsing.</summary>
    private static bool InTextBlock(IElement e)
    {
        for (IElement? a = e; a is not null; a = a.ParentElement)
        {
            if (a.LocalName is "p" or "li" or "td" || HtmlTags.HeadingLevel(a.LocalName) > 0)
            {
                return true;
            }
        }

        return false;
    }
}
