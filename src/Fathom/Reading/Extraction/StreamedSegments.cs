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

        Dictionary<string, IElement>? parts = null;
        foreach (var script in document.Scripts.ToList())
        {
            var text = script.Text;
            if (!text.Contains("$R", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (Match call in Call().Matches(text))
            {
                parts ??= Parts(document);
                if (call.Groups[1].ValueSpan[0] == 'C')
                {
                    CompleteBoundary(parts, call.Groups[2].Value, call.Groups[3].Value);
                }
                else
                {
                    CompleteSegment(parts, call.Groups[2].Value, call.Groups[3].Value);
                }
            }
        }
    }

    /// <summary>
    /// The elements a call can name (ids with a colon: <c>B:</c>, <c>S:</c>, <c>P:</c>, after the
    /// prefix an app may set), the first of each id in page order as <c>getElementById</c> finds it:
    /// one walk instead of one per call (a page streams hundreds of parts).
    /// </summary>
    private static Dictionary<string, IElement> Parts(IDocument document)
    {
        var parts = new Dictionary<string, IElement>(StringComparer.Ordinal);
        foreach (var element in document.All)
        {
            if (element.Id is { Length: > 2 } id && id.Contains(':', StringComparison.Ordinal))
            {
                parts.TryAdd(id, element);
            }
        }

        return parts;
    }

    /// <summary><c>$RC</c>: the part's nodes replace the placeholder of the boundary the template marks.</summary>
    private static void CompleteBoundary(Dictionary<string, IElement> parts, string boundaryId, string segmentId)
    {
        if (!parts.Remove(segmentId, out var segment))
        {
            return;
        }

        segment.Remove();
        if (!parts.Remove(boundaryId, out var boundary) || boundary.PreviousSibling is not { Parent: { } parent } start)
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
    private static void CompleteSegment(Dictionary<string, IElement> parts, string segmentId, string placeholderId)
    {
        if (!parts.TryGetValue(segmentId, out var segment) || !parts.TryGetValue(placeholderId, out var placeholder) || placeholder.Parent is not { } parent)
        {
            return;
        }

        parts.Remove(segmentId);
        parts.Remove(placeholderId);
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
