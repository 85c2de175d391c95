using System.Text;

namespace Fathom.Reports;

/// <summary>Exports a report to any <see cref="ExportFormat"/>; the one entry point the CLI and the server use.</summary>
/// <param name="chromiumPath">The browser that prints PDFs; null finds one (see <see cref="ChromiumLocator"/>).</param>
public sealed class ReportExporter(string? chromiumPath = null)
{
    private readonly PdfExport _pdf = new(chromiumPath);

    /// <summary>The document in <paramref name="format"/>, as bytes (text formats in UTF-8).</summary>
    /// <exception cref="ReportExportException">The format cannot be made here (PDF without Chromium); the message says what to install.</exception>
    public async Task<byte[]> ExportAsync(ReportDocument document, ExportFormat format, CancellationToken cancellationToken = default) => format switch
    {
        ExportFormat.Markdown => Encoding.UTF8.GetBytes(MarkdownExport.Write(document)),
        ExportFormat.Html => Encoding.UTF8.GetBytes(HtmlExport.Document(document)),
        ExportFormat.Pdf => await _pdf.WriteAsync(document, cancellationToken),
        ExportFormat.Docx => DocxExport.Write(document),
        _ => PptxExport.Write(document),
    };

    /// <summary>A file name for the export: the title's words, then the extension.</summary>
    public static string FileName(ReportDocument document, ExportFormat format)
    {
        var words = new StringBuilder();
        foreach (var c in document.Title)
        {
            if (char.IsLetterOrDigit(c) && c < 128)
            {
                words.Append(char.ToLowerInvariant(c));
            }
            else if (words.Length > 0 && words[^1] != '-')
            {
                words.Append('-');
            }

            if (words.Length >= 60)
            {
                break;
            }
        }

        var name = words.ToString().Trim('-');
        return (name.Length == 0 ? "report" : name) + format.Extension();
    }
}
