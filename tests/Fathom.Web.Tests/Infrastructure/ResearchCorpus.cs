using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Fathom.Web.Tests.Infrastructure;

/// <summary>A web document of the shared research data: its id, original address, title and text.</summary>
public sealed record CorpusDocument(string Id, string Url, string Title, string Text, string QueryId);

/// <summary>Reads the shared research corpus and extraction pages.</summary>
public static class ResearchCorpus
{
    public static IReadOnlyList<CorpusDocument> Documents(string queryId) =>
        [.. Directory.GetFiles(Fixture.SharedData("research", "corpus"), "*.json")
            .Order(StringComparer.Ordinal)
            .Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement)
            .Select(e => new CorpusDocument(e.GetProperty("id").GetString()!, e.GetProperty("url").GetString()!, e.GetProperty("title").GetString()!, e.GetProperty("text").GetString()!, e.GetProperty("query_id").GetString()!))
            .Where(d => d.QueryId == queryId)];

    public static string Question(string queryId) =>
        File.ReadLines(Fixture.SharedData("research", "queries.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .First(e => e.GetProperty("id").GetString() == queryId)
            .GetProperty("query").GetString()!;

    /// <summary>The document as a web page: its text in an article, with the navigation and footer a real site has.</summary>
    public static string AsHtml(CorpusDocument d)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(WebUtility.HtmlEncode(d.Title)).Append("</title>")
            .Append("<script>window.analytics = {track: function() {}};</script></head><body>")
            .Append("<nav><a href=\"/\">Home</a> <a href=\"/about\">About us</a> <a href=\"/subscribe\">Subscribe to our newsletter</a></nav><article>");
        foreach (var paragraph in d.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            html.Append("<p>").Append(WebUtility.HtmlEncode(paragraph)).Append("</p>");
        }

        return html.Append("</article><footer>Copyright 2024. All rights reserved. Privacy policy.</footer></body></html>").ToString();
    }

    /// <summary>The extraction pages (gzip-compressed HTML) with their gold article text.</summary>
    public static IReadOnlyList<(string Id, byte[] Gzip, string Article)> ExtractionPages(int count)
    {
        using var truth = JsonDocument.Parse(File.ReadAllText(Fixture.SharedData("extraction", "ground-truth.json")));
        return [.. truth.RootElement.EnumerateObject()
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => (p.Name, Path: Fixture.SharedData("extraction", "html", p.Name + ".html.gz"), Article: p.Value.GetProperty("articleBody").GetString() ?? ""))
            .Where(p => File.Exists(p.Path) && p.Article.Length > 1500)
            .Take(count)
            .Select(p => (p.Name, File.ReadAllBytes(p.Path), p.Article))];
    }

    public static string Gunzip(byte[] gzip)
    {
        using var input = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress);
        using var reader = new StreamReader(input, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
