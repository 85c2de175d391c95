using System.Net;
using AngleSharp.Html.Parser;
using Fathom.Text;

namespace Fathom.Reading.Extraction;

/// <summary>The <c>articleBody</c> a page declares in its JSON-LD, as content: paragraphs of plain text.</summary>
internal static class JsonLdBody
{
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
