using AngleSharp.Dom;

namespace Fathom.Reading.Extraction;

/// <summary>
/// Finds the element that holds the article, as Readability does: every paragraph of real prose
/// votes for its ancestors (more for its parent than for its great-grandparent), by its length and
/// its commas; containers are weighted by their names and discounted by the share of their text in links.
/// </summary>
internal sealed class ContentScorer(TextStats stats, bool weightClasses)
{
    private const int MinParagraphChars = 25;
    private const int AncestorDepth = 5;
    private readonly Dictionary<IElement, double> scores = new(ReferenceEqualityComparer.Instance);

    /// <summary>The final score of <paramref name="element"/>, or null when no paragraph voted for it.</summary>
    public double? ScoreOf(IElement element) => scores.TryGetValue(element, out var s) ? s : null;

    /// <summary>The best container under <paramref name="body"/>, or null when the page has no prose.</summary>
    public IElement? FindTopCandidate(IElement body)
    {
        VoteAll(body);
        if (scores.Count == 0)
        {
            return null;
        }

        foreach (var element in scores.Keys.ToList())
        {
            scores[element] *= 1 - stats.LinkDensity(element);
        }

        var ranked = scores.OrderByDescending(kv => kv.Value).Take(5).Select(kv => kv.Key).ToList();
        var top = ranked[0];
        if (top == body)
        {
            return body;
        }

        top = PreferSharedAncestor(top, ranked, body);
        top = ClimbWhileParentIsBetter(top, body);
        while (top.ParentElement is { } parent && parent != body && parent.ChildElementCount == 1)
        {
            top = parent;
        }

        return top;
    }

    /// <summary>Readability's tag and name weight that a container starts with.</summary>
    public int ClassWeight(IElement e)
    {
        if (!weightClasses)
        {
            return 0;
        }

        var weight = 0;
        if (e.ReadAttribute("class") is { Length: > 0 } cls)
        {
            weight += Weigh(cls);
        }

        if (e.Id is { Length: > 0 } id)
        {
            weight += Weigh(id);
        }

        if (string.Equals(e.ReadAttribute("itemprop"), "articleBody", StringComparison.OrdinalIgnoreCase))
        {
            weight += 25;
        }

        return weight;

        static int Weigh(string names)
        {
            var w = 0;
            var matched = ClassPatterns.Match(names);
            if (matched.HasFlag(NamePatterns.Negative))
            {
                w -= 25;
            }

            if (matched.HasFlag(NamePatterns.Positive))
            {
                w += 25;
            }

            if (matched.HasFlag(NamePatterns.ArticleBody))
            {
                w += 15;
            }

            return w;
        }
    }

    private void VoteAll(IElement root)
    {
        foreach (var paragraph in ParagraphFinder.Find(root, stats))
        {
            if (paragraph.Chars < MinParagraphChars)
            {
                continue;
            }

            var contentScore = 1 + paragraph.Commas + Math.Min(paragraph.Chars / 100, 3);
            var ancestor = paragraph.Voter;
            for (var level = 0; ancestor is not null && level < AncestorDepth && ancestor.LocalName != "html"; level++)
            {
                var divider = level == 0 ? 1 : level == 1 ? 2 : level * 3;
                scores[ancestor] = (scores.TryGetValue(ancestor, out var s) ? s : Initial(ancestor)) + (double)contentScore / divider;
                ancestor = ancestor.ParentElement;
            }
        }
    }

    private double Initial(IElement e)
    {
        var tagScore = e.LocalName switch
        {
            "div" or "article" or "main" or "section" => 5,
            "pre" or "td" or "blockquote" => 3,
            "address" or "ol" or "ul" or "dl" or "dd" or "dt" or "li" or "form" => -3,
            "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "th" => -5,
            _ => 0,
        };
        return tagScore + ClassWeight(e);
    }

    private IElement PreferSharedAncestor(IElement top, List<IElement> ranked, IElement body)
    {
        var topScore = scores[top];
        var alternatives = ranked.Skip(1).Where(c => scores[c] / topScore >= 0.75).ToList();
        if (alternatives.Count < 3)
        {
            return top;
        }

        for (var parent = top.ParentElement; parent is not null && parent != body; parent = parent.ParentElement)
        {
            var containing = alternatives.Count(a => parent.Contains(a));
            if (containing >= 3)
            {
                return parent;
            }
        }

        return top;
    }

    private IElement ClimbWhileParentIsBetter(IElement top, IElement body)
    {
        if (!scores.TryGetValue(top, out var lastScore))
        {
            lastScore = scores[top] = Initial(top);
        }

        var threshold = lastScore / 3;
        for (var parent = top.ParentElement; parent is not null && parent != body; parent = parent.ParentElement)
        {
            if (!scores.TryGetValue(parent, out var parentScore))
            {
                continue;
            }

            if (parentScore < threshold)
            {
                break;
            }

            if (parentScore > lastScore)
            {
                return parent;
            }

            lastScore = parentScore;
        }

        return top;
    }
}
