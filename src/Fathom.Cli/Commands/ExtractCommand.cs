using System.ComponentModel;
using System.IO.Compression;
using System.Text.Encodings.Web;
using System.Text.Json;
using Fathom.Cli.Infrastructure;
using Fathom.Reading;
using Fathom.Reading.Extraction;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Fathom.Cli.Commands;

/// <summary>
/// <c>fathom extract PATH|URL… [--json]</c>: the article of each HTML file (gzip accepted) as
/// Markdown, or with <c>--json</c> as one JSON object per input: <c>{input, title, text, markdown, …}</c>.
/// </summary>
public sealed class ExtractCommand(CliConsole console) : AsyncCommand<ExtractCommand.Settings>
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<INPUT>")]
        [Description("HTML files (.html or .html.gz) or URLs.")]
        public string[] Inputs { get; init; } = [];

        [CommandOption("--json")]
        [Description("One JSON object per input (input, title, text, markdown, byline, published, language) instead of Markdown.")]
        public bool Json { get; init; }

        public override ValidationResult Validate() => Inputs.Length > 0
            ? ValidationResult.Success()
            : ValidationResult.Error("Pass at least one HTML file or URL to extract.");
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var extractor = new ArticleExtractor();
        var failures = 0;
        foreach (var input in settings.Inputs)
        {
            try
            {
                var (html, url) = await ReadAsync(input, cancellationToken);
                var article = extractor.Extract(html, url);
                console.WriteRaw(settings.Json ? ToJson(input, article) : ToMarkdown(article));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or NotSupportedException)
            {
                failures++;
                console.Progress.MarkupLine($"[red]error:[/] {Markup.Escape(input)}: {Markup.Escape(ex.Message)}");
            }
        }

        return failures == 0 ? 0 : 2;
    }

    /// <summary>The HTML of one input and the address its relative links resolve against.</summary>
    private static async Task<(string Html, string Url)> ReadAsync(string input, CancellationToken cancellationToken)
    {
        if (Uri.TryCreate(input, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            throw new NotSupportedException("fetching URLs needs the web reader, which this build does not include yet; save the page and pass the file instead.");
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

    private static byte[] Gunzip(byte[] compressed)
    {
        using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        gzip.CopyTo(plain);
        return plain.ToArray();
    }

    private static string ToMarkdown(Article article) =>
        article.Title.Length > 0 ? $"# {article.Title}\n\n{article.Markdown}\n" : article.Markdown + "\n";

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
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
