namespace Fathom.Reports;

/// <summary>The names exports give to places in a report, so that citations can link to them.</summary>
public static class ReportAnchors
{
    /// <summary>The anchor (HTML id, Markdown anchor) of reference <paramref name="index"/>.</summary>
    public static string Reference(int index) => $"ref-{index}";

    /// <summary>The Word bookmark of reference <paramref name="index"/> (bookmarks take no hyphen at the start but allow underscores).</summary>
    public static string Bookmark(int index) => $"ref_{index}";

    /// <summary>The site of <paramref name="url"/> without <c>www.</c>, or "" when it has none.</summary>
    public static string Domain(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Host.Length > 0
            ? (uri.Host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? uri.Host[4..] : uri.Host)
            : "";
}
