using Fathom.Events;
using Fathom.Reports;
using Fathom.Research;

namespace Fathom.Cli.Rendering;

/// <summary>Writes a run's result to a file whose extension picks the format: .md, .json, .html, .pdf, .docx or .pptx.</summary>
public static class ResultWriter
{
    /// <summary>The extensions the writer knows, for messages.</summary>
    public const string Extensions = ".md, .json, .html, .pdf, .docx or .pptx";

    /// <summary>Writes <paramref name="result"/> to <paramref name="path"/> in the format its extension names.</summary>
    /// <exception cref="ArgumentException">The extension is none of <see cref="Extensions"/>.</exception>
    /// <exception cref="ReportExportException">The format cannot be made here (PDF without Chromium).</exception>
    public static async Task WriteAsync(ResearchResult result, string path, DateTimeOffset date, string? chromium, CancellationToken cancellationToken)
    {
        if (Path.GetExtension(path).Equals(".json", StringComparison.OrdinalIgnoreCase))
        {
            await File.WriteAllTextAsync(path, FathomJson.Serialize(result), cancellationToken);
            return;
        }

        var format = ExportFormats.OfPath(path) ?? throw new ArgumentException($"Cannot write '{path}': the extension is not one of {Extensions}.");
        var bytes = await new ReportExporter(chromium).ExportAsync(ReportDocument.From(result, date), format, cancellationToken);
        await File.WriteAllBytesAsync(path, bytes, cancellationToken);
    }

    /// <summary>Whether the extension is one the writer knows.</summary>
    public static bool IsSupported(string path) =>
        Path.GetExtension(path).Equals(".json", StringComparison.OrdinalIgnoreCase) || ExportFormats.OfPath(path) is not null;
}
