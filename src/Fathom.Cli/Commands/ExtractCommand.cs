using System.ComponentModel;
using System.IO.Compression;
using System.Text.Encodings.Web;
using System.Text.Json;
using Fathom.Cli.Infrastructure;
using Fathom.Reading;
using Fathom.Reading.Documents;
using Fathom.Reading.Extraction;
using Fathom.Reading.Web;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Fathom.Cli.Commands;

/// <summary>
/// <c>fathom extract PATH|URL… [--json]</c>: the main content of each HTML file (gzip accepted) or web
/// page as Markdown, or with <c>--json</c> as one JSON object per input: <c>{input, title, text,
/// markdown, …, page_type}</c>. Markdown, text and PDF files are read as documents, not as HTML.
/// </summary>
public sealed class ExtractCommand(CliConsole console) : AsyncCommand<ExtractCommand.Settings>
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<INPUT>")]
        [Description("HTML files (.html or .html.gz), Markdown, text or PDF files, or http(s) addresses.")]
        public string[] Inputs { get; init; } = [];

        [CommandOption("--allow-host <HOST>")]
        [Description("Let pages be fetched from this private or local host (repeatable); such addresses are refused otherwise.")]
        public string[] AllowHosts { get; init; } = [];

        [CommandOption("--url <ADDRESS>")]
        [Description("The web address one saved HTML file was read from: its relative links resolve against it (nothing is fetched from it).")]
        public string? Url { get; init; }

        [CommandOption("--json")]
        [Description("One JSON object per input (input, title, text, markdown, byline, published, language, page_type) instead of Markdown.")]
        public bool Json { get; init; }

        public override ValidationResult Validate()
        {
            if (Inputs.Length == 0)
            {
                return ValidationResult.Error("Pass at least one HTML file or URL to extract.");
            }

            if (Url is null)
            {
                return ValidationResult.Success();
            }

            if (!Uri.TryCreate(Url, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
            {
                return ValidationResult.Error($"--url {Url}: pass the saved page's absolute http or https address, such as https://example.org/article.");
            }

            return Inputs.Length == 1 && !IsWebAddress(Inputs[0])
                ? ValidationResult.Success()
                : ValidationResult.Error("--url names the address of one saved HTML file: pass exactly one file with it, or extract each file on its own.");
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var extractor = new PageExtractor();
        using var fetcher = new WebFetcher(new FetchOptions { AllowedHosts = settings.AllowHosts });
        var failures = 0;
        foreach (var input in settings.Inputs)
        {
            try
            {
                var article = IsDocumentFile(input)
                    ? await ReadDocumentAsync(input, cancellationToken)
                    : await ExtractAsync(input, settings.Url, extractor, fetcher, cancellationToken);
                console.WriteRaw(settings.Json ? ToJson(input, article) : ToMarkdown(article));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or PageReadException)
            {
                failures++;
                console.Progress.MarkupLine($"[red]error:[/] {Markup.Escape(input)}: {Markup.Escape(ex.Message)}");
            }
        }

        // An input that cannot be read or fetched is a bad argument.
        return failures == 0 ? ExitCodes.Done : ExitCodes.Usage;
    }

    /// <summary>Markdown, text and PDF files are documents: read as they are, not searched for an article.</summary>
    private static bool IsDocumentFile(string input) =>
        !IsWebAddress(input) && Path.GetExtension(input).ToLowerInvariant() is ".md" or ".markdown" or ".txt" or ".pdf";

    private static bool IsWebAddress(string input) => Uri.TryCreate(input, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    private static async Task<Article> ReadDocumentAsync(string input, CancellationToken cancellationToken)
    {
        if (!File.Exists(input))
        {
            throw new FileNotFoundException("The file does not exist. Pass an HTML, Markdown, text or PDF file, or a URL.", input);
        }

        var document = (await new DocumentLoader().LoadAsync(input, cancellationToken)).FirstOrDefault()
            ?? throw new InvalidDataException("the file holds no text.");

        // Markdown stays Markdown; plain text and PDF paragraphs are already Markdown paragraphs.
        var markdown = Path.GetExtension(input).ToLowerInvariant() is ".md" or ".markdown"
            ? await File.ReadAllTextAsync(input, cancellationToken)
            : document.Text;
        return new Article(document.Title, document.Text.Trim(), markdown.Trim());
    }

    private static async Task<Article> ExtractAsync(string input, string? savedFrom, PageExtractor extractor, WebFetcher fetcher, CancellationToken cancellationToken)
    {
        var (html, url) = await ReadAsync(input, fetcher, cancellationToken);
        return extractor.Extract(html, savedFrom ?? url);
    }

    /// <summary>The HTML of one input and the address its relative links resolve against.</summary>
    private static async Task<(string Html, string Url)> ReadAsync(string input, WebFetcher fetcher, CancellationToken cancellationToken)
    {
        if (IsWebAddress(input))
        {
            var uri = new Uri(input);
            // The same guarded fetcher research uses: private and local addresses are refused unless allowed.
            var resource = await fetcher.FetchAsync(uri, cancellationToken);
            if (!IsHtml(resource))
            {
                throw new InvalidDataException($"the address answered with {resource.MediaType ?? "content of no stated type"}, not HTML; extract reads HTML pages.");
            }

            return (HtmlDecoding.Decode(resource.Body, resource.Charset), resource.FinalUrl.AbsoluteUri);
        }

        if (!File.Exists(input))
        {
            throw new FileNotFoundException($"The file does not exist. Pass an HTML file (.html or .html.gz) or a URL.", input);
        }

        var bytes = await File.ReadAllBytesAsync(input, cancellationToken);
        if (bytes is [0x1F, 0x8B, ..])
        {
            bytes = Gunzip(bytes);
        }

        return (HtmlDecoding.Decode(bytes), new Uri(Path.GetFullPath(input)).AbsoluteUri);
    }

    private static bool IsHtml(FetchedResource resource) => resource.MediaType?.ToLowerInvariant() switch
    {
        "text/html" or "application/xhtml+xml" => true,
        null or "" or "application/octet-stream" => resource.Body.AsSpan(0, Math.Min(resource.Body.Length, 512)).TrimStart(" \t\r\n"u8).StartsWith("<"u8),
        _ => false,
    };

    private static byte[] Gunzip(byte[] compressed)
    {
        using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        gzip.CopyTo(plain);
        return plain.ToArray();
    }

    // The title heads the Markdown unless the text opens with it already: a Markdown file's own first
    // heading, or the headline of a page whose headline is part of its text (documentation, a thread).
    private static string ToMarkdown(Article article) =>
        article.Title.Length == 0 || OpensWith(article.Markdown, article.Title) ? article.Markdown + "\n" : $"# {article.Title}\n\n{article.Markdown}\n";

    private static bool OpensWith(string markdown, string title)
    {
        var firstLine = markdown.AsSpan().TrimStart();
        firstLine = firstLine[..(firstLine.IndexOf('\n') is var end and >= 0 ? end : firstLine.Length)];
        var heading = firstLine.TrimStart('#');
        return heading.Length < firstLine.Length && firstLine.Length - heading.Length <= 6 && heading.StartsWith(' ')
            && string.Equals(Fathom.Text.Words.NormalizeSpace(heading.ToString()), Fathom.Text.Words.NormalizeSpace(title), StringComparison.OrdinalIgnoreCase);
    }

    private static string ToJson(string input, Article article)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteString("input", input);
            json.WriteString("title", article.Title);
            json.WriteString("text", article.Text);
            json.WriteString("markdown", article.Markdown);
            json.WriteString("byline", article.Byline);
            json.WriteString("published", article.Published);
            json.WriteString("language", article.Language);
            json.WriteString("page_type", article.Type?.ToString().ToLowerInvariant());
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
