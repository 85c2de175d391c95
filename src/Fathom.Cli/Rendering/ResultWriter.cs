using System.Net;
using Fathom.Events;
using Fathom.Research;
using Markdig;

namespace Fathom.Cli.Rendering;

/// <summary>Writes a run's result to a file whose extension picks the format: .md, .json or .html.</summary>
public static class ResultWriter
{
    /// <summary>Formats <paramref name="result"/> for <paramref name="path"/>'s extension.</summary>
    /// <exception cref="ArgumentException">The extension is none of .md, .json, .html.</exception>
    public static string Format(ResearchResult result, string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".md" or ".markdown" => result.Report,
        ".json" => FathomJson.Serialize(result),
        ".html" or ".htm" => Html(result),
        var other => throw new ArgumentException($"Cannot write '{path}': the extension '{other}' is not one of .md, .json or .html."),
    };

    /// <summary>Whether the extension is one the writer knows.</summary>
    public static bool IsSupported(string path) => Path.GetExtension(path).ToLowerInvariant() is ".md" or ".markdown" or ".json" or ".html" or ".htm";

    private static string Html(ResearchResult result)
    {
        var pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().DisableHtml().Build();
        var body = Markdown.ToHtml(result.Report, pipeline);
        var quotes = string.Join("\n", result.References.Select(r =>
            $"<li id=\"ref-{r.Index}\"><a href=\"{WebUtility.HtmlEncode(r.Url)}\">[{r.Index}] {WebUtility.HtmlEncode(r.Title)}</a><ul>{string.Concat(r.Quotes.Select(q => $"<li><q>{WebUtility.HtmlEncode(q)}</q></li>"))}</ul></li>"));
        return $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>{{WebUtility.HtmlEncode(result.Question)}}</title>
            <style>body{max-width:50rem;margin:2rem auto;font:16px/1.6 system-ui,sans-serif;padding:0 1rem}q{color:#444}details{margin-top:2rem}</style></head>
            <body>
            {{body}}
            <details><summary>Evidence: the quotes behind each reference</summary><ol>{{quotes}}</ol></details>
            </body></html>
            """;
    }
}
