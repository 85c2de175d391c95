namespace Fathom.Reports;

/// <summary>The formats a report can be exported to.</summary>
public enum ExportFormat
{
    /// <summary>Markdown (<c>.md</c>).</summary>
    Markdown,

    /// <summary>A self-contained HTML page (<c>.html</c>).</summary>
    Html,

    /// <summary>PDF printed by headless Chromium (<c>.pdf</c>).</summary>
    Pdf,

    /// <summary>A Word document (<c>.docx</c>).</summary>
    Docx,

    /// <summary>A PowerPoint deck (<c>.pptx</c>).</summary>
    Pptx,
}

/// <summary>Names, file extensions and media types of <see cref="ExportFormat"/>.</summary>
public static class ExportFormats
{
    /// <summary>The formats as options name them: md, html, pdf, docx, pptx.</summary>
    public const string Names = "md, html, pdf, docx, pptx";

    /// <summary>The format a name (<c>md</c>, <c>markdown</c>, <c>html</c>…) or a file's extension stands for.</summary>
    public static ExportFormat? Parse(string nameOrExtension) => nameOrExtension.TrimStart('.').ToLowerInvariant() switch
    {
        "md" or "markdown" => ExportFormat.Markdown,
        "html" or "htm" => ExportFormat.Html,
        "pdf" => ExportFormat.Pdf,
        "docx" => ExportFormat.Docx,
        "pptx" => ExportFormat.Pptx,
        _ => null,
    };

    /// <summary>The format of a file named <paramref name="path"/>, or null when its extension is none of them.</summary>
    public static ExportFormat? OfPath(string path) => Path.GetExtension(path) is { Length: > 1 } extension ? Parse(extension) : null;

    /// <summary>The file extension, with its dot.</summary>
    public static string Extension(this ExportFormat format) => format switch
    {
        ExportFormat.Markdown => ".md",
        ExportFormat.Html => ".html",
        ExportFormat.Pdf => ".pdf",
        ExportFormat.Docx => ".docx",
        _ => ".pptx",
    };

    /// <summary>The media type an HTTP response gives.</summary>
    public static string MediaType(this ExportFormat format) => format switch
    {
        ExportFormat.Markdown => "text/markdown; charset=utf-8",
        ExportFormat.Html => "text/html; charset=utf-8",
        ExportFormat.Pdf => "application/pdf",
        ExportFormat.Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    };
}
