using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Fathom.Reading.Extraction;

/// <summary>
/// Puts the parts of a page that React streams after its first bytes where the page shows them. A
/// server that streams (Next.js and other React frameworks) sends each part that was not ready in
/// time as a hidden <c>div</c> (<c>id="S:…"</c>) at the end of the body, with a script call that
/// moves it into its place: <c>$RC("B:…","S:…")</c> replaces a loading placeholder between
/// <c>&lt;!--$?--&gt;</c> and <c>&lt;!--/$--&gt;</c>, <c>$RS("S:…","P:…")</c> fills a
/// <c>template</c>. A reader without scripts would take those parts (often all of a page's
/// content) for hidden text; the calls are replayed here in page order, as the browser runs them.
/// </summary>
internal static partial class StreamedSegments
{
    /// <summary>Moves every streamed part of <paramref name="document"/> into its place; <paramref name="html"/> is its markup.</summary>
    public static void Place(IDocument document, string html)
    {
        // Most pages stream nothing: one search of the markup spares them the walk over their scripts.
        if (!html.Contains("$RC(\"", StringComparison.Ordinal) && !html.Contains("$RS(\"", StringComparison.Ordinal))
        {
            return;
        }

        foreach (var script in document.Scripts.ToList())
        {
            var text = script.Text;
            if (!text.Contains("$R", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (Match call in Call().Matches(text))
            {
                if (call.Groups[1].ValueSpan[0] == 'C')
                {
                    CompleteBoundary(document, call.Groups[2].Value, call.Groups[3].Value);
                }
                else
                {
                    CompleteSegment(document, call.Groups[2].Value, call.Groups[3].Value);
                }
            }
        }
    }

    /// <summary><c>$RC</c>: the part's nodes replace the placeholder of the boundary the template marks.</summary>
    private static void CompleteBoundary(IDocument document, string boundaryId, string segmentId)
    {
        if (document.GetElementById(segmentId) is not { } segment)
        {
            return;
        }

        segment.Remove();
        if (document.GetElementById(boundaryId) is not { } boundary || boundary.PreviousSibling is not { Parent: { } parent } start)
        {
            return;
        }

        // Everything after the boundary's opening comment up to its matching closing one is the placeholder.
        var node = start.NextSibling;
        var depth = 0;
        while (node is not null)
        {
            if (node is IComment comment)
            {
                if (comment.Data == "/$")
                {
                    if (depth == 0)
                    {
                        break;
                    }

                    depth--;
                }
                else if (comment.Data is "$" or "$?" or "$!")
                {
                    depth++;
                }
            }

            var next = node.NextSibling;
            parent.RemoveChild(node);
            node = next;
        }

        MoveChildren(segment, parent, node);
    }

    /// <summary><c>$RS</c>: the part's nodes take the place of its template.</summary>
    private static void CompleteSegment(IDocument document, string segmentId, string placeholderId)
    {
        if (document.GetElementById(segmentId) is not { } segment || document.GetElementById(placeholderId) is not { Parent: { } parent } placeholder)
        {
            return;
        }

        segment.Remove();
        MoveChildren(segment, parent, placeholder);
        placeholder.Remove();
    }

    private static void MoveChildren(IElement from, INode parent, INode? before)
    {
        while (from.FirstChild is { } child)
        {
            parent.InsertBefore(child, before);
        }
    }

    [GeneratedRegex("""\$R([CS])\("([^"]{1,40})","([^"]{1,40})"\)""", RegexOptions.CultureInvariant)]
    private static partial Regex Call();
}
