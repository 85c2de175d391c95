using System.Text.Json;
using AngleSharp.Html.Parser;
using UglyToad.PdfPig;

namespace Fathom.Reading.Documents;

/// <summary>
/// Reads the files a local index holds: Markdown, text, HTML, PDF, and JSON / JSON Lines documents
/// with <c>url</c>, <c>title</c> and <c>text</c> fields (the form of a crawled corpus).
/// </summary>
public sealed class DocumentLoader(IArticleExtractor? extractor = null)
{
    /// <summary>File extensions the loader reads.</summary>
    public static IReadOnlySet<string> Extensions { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".md", ".markdown", ".txt", ".html", ".htm", ".pdf", ".json", ".jsonl" };

    /// <summary>Whether the file is of a kind the loader reads.</summary>
    public static bool Handles(string path) => Extensions.Contains(Path.GetExtension(path));

    /// <summary>
    /// The documents in one file. A file whose bytes are not of the kind its name claims, or that
    /// cannot be parsed, throws <see cref="InvalidDataException"/> naming it and the reason in words.
    /// </summary>
    public async Task<IReadOnlyList<SourceDocument>> LoadAsync(string path, CancellationToken cancellationToken)
    {
        var url = new Uri(Path.GetFullPath(path)).AbsoluteUri;
        var name = Path.GetFileNameWithoutExtension(path);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (!Handles(path))
        {
            return [];
        }

        try
        {
            var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
            if (extension == ".pdf")
            {
                DocumentBytes.RequirePdf(bytes);
                return [Pdf(bytes, url, name)];
            }

            var text = DocumentBytes.Text(bytes, extension);
            return extension switch
            {
                ".md" or ".markdown" => [new SourceDocument("", url, MarkdownTitle(text) ?? name, MarkdownText.ToPlainText(text))],
                ".txt" => [new SourceDocument("", url, name, PlainText.Unwrap(text))],
                ".html" or ".htm" => [Html(text, url, name)],
                ".json" => Json(text, url, name),
                _ => JsonLines(text.Split('\n'), url, name),
            };
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"'{path}': {ex.Message}.", ex);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" at line {line + 1}" : "";
            throw new InvalidDataException($"'{path}': it is not valid JSON{where}; each document needs \"url\", \"title\" and \"text\".", ex);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or UglyToad.PdfPig.Core.PdfDocumentFormatException)
        {
            throw new InvalidDataException($"'{path}': it could not be read as {extension[1..].ToUpperInvariant()} ({ex.Message.TrimEnd('.')}).", ex);
        }
    }

    private SourceDocument Html(string html, string url, string name)
    {
        if (extractor is not null)
        {
            var article = extractor.Extract(html, url);
            return new SourceDocument("", url, article.Title.Length > 0 ? article.Title : name, article.Text);
        }

        // The page a browser shows (before noscript and scripts go: what they hold is placed first).
        var document = Extraction.ShownPage.Parse(new HtmlParser(), html);
        foreach (var node in document.QuerySelectorAll("script, style, noscript, nav, header, footer"))
        {
            node.Remove();
        }

        var title = document.Title?.Trim();
        return new SourceDocument("", url, string.IsNullOrEmpty(title) ? name : title, document.Body?.TextContent.Trim() ?? "");
    }

    private static SourceDocument Pdf(byte[] bytes, string url, string name)
    {
        using var pdf = PdfDocument.Open(bytes);
        var title = pdf.Information.Title;
        return new SourceDocument("", url, string.IsNullOrWhiteSpace(title) ? name : title, PdfText.Read(pdf));
    }

    private static IReadOnlyList<SourceDocument> Json(string json, string url, string name)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.ValueKind == JsonValueKind.Array
            ? doc.RootElement.EnumerateArray().Select((e, i) => FromJson(e, i.ToString(System.Globalization.CultureInfo.InvariantCulture), url, name)).OfType<SourceDocument>().ToList()
            : FromJson(doc.RootElement, "", url, name) is { } one ? [one] : [];
    }

    private static IReadOnlyList<SourceDocument> JsonLines(string[] lines, string url, string name)
    {
        var result = new List<SourceDocument>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            using var doc = ParseLine(lines[i], i + 1);
            if (FromJson(doc.RootElement, (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), url, name) is { } d)
            {
                result.Add(d);
            }
        }

        return result;
    }

    private static JsonDocument ParseLine(string line, int number)
    {
        try
        {
            return JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"line {number} is not valid JSON; each line needs one {{\"url\", \"title\", \"text\"}} object", ex);
        }
    }

    private static SourceDocument? FromJson(JsonElement e, string key, string fileUrl, string name)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var text = String(e, "text") ?? String(e, "content") ?? String(e, "body");
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var url = String(e, "url") ?? (key.Length > 0 ? $"{fileUrl}#{key}" : fileUrl);
        return new SourceDocument(key, url, String(e, "title") ?? name, text);
    }

    private static string? String(JsonElement e, string property) =>
        e.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? MarkdownTitle(string markdown) =>
        markdown.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal))?[2..].Trim();
}
