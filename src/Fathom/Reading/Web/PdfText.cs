using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace Fathom.Reading.Web;

/// <summary>The text of a PDF, page by page in reading order, and its title when the file names one.</summary>
internal static class PdfText
{
    public static (string? Title, string Text) Extract(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        var pages = document.GetPages().Select(page => ContentOrderTextExtractor.GetText(page).Trim()).Where(t => t.Length > 0);
        var title = document.Information.Title;
        return (string.IsNullOrWhiteSpace(title) ? null : title.Trim(), string.Join("\n\n", pages));
    }
}
