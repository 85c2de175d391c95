using System.Text;

namespace Fathom.Reports;

/// <summary>
/// The report as Markdown to hand on: the title, the date and source count, the body with each
/// citation a link to its reference, and the references one per line, each with its quotes.
/// </summary>
public static class MarkdownExport
{
    /// <summary>Writes the document as Markdown.</summary>
    public static string Write(ReportDocument document)
    {
        var text = new StringBuilder();
        text.Append("# ").Append(document.Title).Append("\n\n");
        text.Append('*').Append(document.Byline).Append("*\n\n");
        text.Append(CitationMarkers.Written().Replace(document.Body, m =>
        {
            var indices = m.Groups[1].Value.Split(',').Select(s => s.Trim()).ToList();
            return indices.All(i => int.TryParse(i, out var n) && document.Find(n) is not null)
                ? string.Concat(indices.Select(i => $"[\\[{i}\\]](#{ReportAnchors.Reference(int.Parse(i, System.Globalization.CultureInfo.InvariantCulture))})"))
                : m.Value;
        }).TrimEnd()).Append("\n\n");

        if (document.References.Count == 0)
        {
            return text.ToString();
        }

        text.Append("## References\n\n");
        foreach (var reference in document.References)
        {
            // The anchor keeps "[[n]](#ref-n)" working on hosts that render Markdown with ids (GitHub, most editors).
            text.Append($"<a id=\"{ReportAnchors.Reference(reference.Index)}\"></a>**[{reference.Index}]** [{Escape(reference.Title.Length > 0 ? reference.Title : reference.Url)}]({reference.Url})");
            var domain = ReportAnchors.Domain(reference.Url);
            if (domain.Length > 0)
            {
                text.Append(" — ").Append(domain);
            }

            text.Append("\n\n");
            foreach (var quote in reference.Quotes)
            {
                text.Append("> ").Append(OneLine(quote)).Append("\n\n");
            }
        }

        return text.ToString().TrimEnd() + "\n";
    }

    private static string Escape(string title) => title.Replace("[", "\\[", StringComparison.Ordinal).Replace("]", "\\]", StringComparison.Ordinal);

    private static string OneLine(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
