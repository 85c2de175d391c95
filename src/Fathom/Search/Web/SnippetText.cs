using System.Net;
using System.Text.RegularExpressions;

namespace Fathom.Search.Web;

/// <summary>Turns a provider's snippet (which may carry &lt;strong&gt; marks and entities) into plain text.</summary>
internal static partial class SnippetText
{
    [GeneratedRegex("<[^>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Space();

    public static string Clean(string? html) =>
        string.IsNullOrEmpty(html) ? "" : Space().Replace(WebUtility.HtmlDecode(Tag().Replace(html, "")), " ").Trim();

    /// <summary>A score from rank for APIs that give none: 1 for the first hit, falling with rank.</summary>
    public static double RankScore(int index) => 1.0 / (1 + index);
}
