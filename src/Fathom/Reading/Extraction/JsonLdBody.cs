using System.Net;
using AngleSharp.Html.Parser;
using Fathom.Text;

namespace Fathom.Reading.Extraction;

/// <summary>The <c>articleBody</c> a page declares in its JSON-LD, as content: paragraphs of plain text.</summary>
internal static class JsonLdBody
{
    /// <summary>How long, in characters of spaced text, a declared body must be to stand for the page.</summary>
    public const int EnoughChars = 500;

    /// <summary>
    /// The declared body where it should replace <paramref name="read"/>: pages rendered by script carry
    /// little text in their markup, and their JSON-LD often has it all. It must be more than twice as long
    /// as what was read, and long enough to be a story (lengths as <see cref="WordEstimate.Length"/> counts them).
    /// </summary>
    public static ExtractedContent? Instead(string? articleBody, ExtractedContent read) =>
        From(articleBody) is { } declared && declared.Text.Length > read.Text.Length * 2 && WordEstimate.Length(declared.Text) > EnoughChars
            ? declared
            : null;

    /// <summary>The declared body as content, or null when there is none.</summary>
    public static ExtractedContent? From(string? articleBody)
    {
        if (string.IsNullOrWhiteSpace(articleBody))
        {
            return null;
        }

        // Some sites put HTML in it, some entities, some plain text with newlines between paragraphs.
        var text = articleBody.Contains('<', StringComparison.Ordinal)
            ? new HtmlParser().ParseDocument("<body>" + articleBody.Replace("</p>", "</p>\n", StringComparison.OrdinalIgnoreCase) + "</body>").Body?.TextContent ?? string.Empty
            : WebUtility.HtmlDecode(articleBody);
        var paragraphs = text.Split('\n').Select(Words.NormalizeSpace).Where(p => p.Length > 0).ToList();
        if (paragraphs.Count == 0)
        {
            return null;
        }

        var joined = string.Join("\n\n", paragraphs);
        return new ExtractedContent(joined, joined);
    }
}
