using AngleSharp.Dom;

namespace Fathom.Reading.Extraction;

/// <summary>
/// Finds the runs of prose that vote for their containers: paragraphs, preformatted blocks, and
/// containers that hold only inline content (sites often write paragraphs as divs or as bare text
/// between line breaks).
/// </summary>
internal static class ParagraphFinder
{
    private static readonly HashSet<string> DivLike = new(StringComparer.Ordinal)
    {
        "div", "section", "article", "main", "td", "blockquote", "center", "font", "dd", "form", "header",
    };

    /// <summary>The paragraphs under <paramref name="root"/>, each with the first container it votes for.</summary>
    public static List<Paragraph> Find(IElement root, TextStats stats)
    {
        var found = new List<Paragraph>();
        Walk(root, stats, found);
        return found;
    }

    private static void Walk(IElement e, TextStats stats, List<Paragraph> found)
    {
        var name = e.LocalName;
        if (name is "p" or "pre")
        {
            Add(found, stats.Of(e), e.ParentElement);
            return;
        }

        if (DivLike.Contains(name))
        {
            if (!HasBlockChild(e))
            {
                Add(found, stats.Of(e), e.ParentElement);
                return;
            }

            var direct = DirectInlineText(e, stats);
            if (direct.Chars > 0)
            {
                Add(found, direct, e);
            }
        }

        foreach (var child in ChildNodes.ElementsOf(e))
        {
            Walk(child, stats, found);
        }
    }

    private static void Add(List<Paragraph> found, TextMeasure measure, IElement? voter)
    {
        if (voter is not null && measure.Chars > 0)
        {
            found.Add(new Paragraph(measure.Chars, measure.Commas, voter));
        }
    }

    /// <summary>Whether <paramref name="e"/> has a child that starts a block of its own.</summary>
    public static bool HasBlockChild(IElement e)
    {
        foreach (var child in ChildNodes.ElementsOf(e))
        {
            if (HtmlTags.Block.Contains(child.LocalName))
            {
                return true;
            }
        }

        return false;
    }

    private static TextMeasure DirectInlineText(IElement e, TextStats stats)
    {
        int chars = 0, commas = 0;
        foreach (var child in ChildNodes.Of(e))
        {
            if (child is IText text)
            {
                var (length, c) = TextStats.Measure(text.Data);
                if (length > 1)
                {
                    chars += length;
                    commas += c;
                }
            }
            else if (child is IElement inner && !HtmlTags.Block.Contains(inner.LocalName))
            {
                var m = stats.Of(inner);
                chars += m.Chars;
                commas += m.Commas;
            }
        }

        return new TextMeasure(chars, 0, commas);
    }
}

/// <summary>A run of prose: its length, its commas and the first container it votes for.</summary>
internal readonly record struct Paragraph(int Chars, int Commas, IElement Voter);
