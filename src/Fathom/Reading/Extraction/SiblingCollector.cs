using AngleSharp.Dom;

namespace Fathom.Reading.Extraction;

/// <summary>
/// Adds to the best container those of its siblings that continue the article: scored siblings close
/// to its score, siblings of the same class, and plain paragraphs of prose (articles split by ads or
/// wrappers into several containers).
/// </summary>
internal static partial class SiblingCollector
{
    /// <summary>The content roots: <paramref name="top"/> and its qualifying siblings, in page order.</summary>
    public static List<IElement> Collect(IElement top, ContentScorer scorer, TextStats stats)
    {
        if (top.ParentElement is not { } parent || top.LocalName == "body")
        {
            return [top];
        }

        var topScore = scorer.ScoreOf(top) ?? 0;
        var threshold = Math.Max(10, topScore * 0.2);
        var topClass = top.ReadAttribute("class");
        var roots = new List<IElement>();
        foreach (var sibling in ChildNodes.ElementsOf(parent))
        {
            if (sibling == top || Qualifies(sibling))
            {
                roots.Add(sibling);
            }
        }

        return roots;

        bool Qualifies(IElement sibling)
        {
            // A scored sibling joins when it is prose that continues the article: the same kind of
            // container as the winner, or nearly as good, and not a block of teaser links.
            var sameClass = !string.IsNullOrEmpty(topClass) && sibling.ReadAttribute("class") == topClass;
            // Paragraphs nested deeper than the votes reach leave a continuation of the same kind unscored.
            if (sameClass && scorer.ScoreOf(sibling) is null && stats.Of(sibling).Chars >= 100 && stats.LinkDensity(sibling) < 0.25)
            {
                return true;
            }

            if (scorer.ScoreOf(sibling) is { } score)
            {
                var bonus = sameClass ? topScore * 0.2 : 0;
                return score + bonus >= threshold && (sameClass || score >= topScore * 0.5) && stats.LinkDensity(sibling) < 0.25;
            }

            if (sibling.LocalName != "p" && !(sibling.LocalName == "div" && !ParagraphFinder.HasBlockChild(sibling)))
            {
                return false;
            }

            var measure = stats.Of(sibling);
            var density = stats.LinkDensity(sibling);
            if (measure.Chars > 80)
            {
                return density < 0.25;
            }

            return measure.Chars > 0 && density == 0 && SentenceEnd().IsMatch(sibling.TextContent);
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\.( |$)")]
    private static partial System.Text.RegularExpressions.Regex SentenceEnd();
}
