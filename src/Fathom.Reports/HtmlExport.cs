using System.Net;
using System.Text;
using Markdig;

namespace Fathom.Reports;

/// <summary>
/// The report as HTML: a self-contained page (styles inline, no scripts, nothing fetched), or the
/// fragment the web page shows. Each citation is a link to its reference whose hover or focus
/// shows the verbatim quote and its source; the references are one per line with their quotes.
/// </summary>
public static class HtmlExport
{
    // Raw HTML in a report is shown as text, never run: reports quote pages from the open web.
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().DisableHtml().Build();

    /// <summary>The styles of a report, for the page that shows fragments as well as for exports.</summary>
    public const string Styles = """
        .fathom-report{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--accent:#0550ae;--tip-bg:#fff;--quote:#f6f8fa;color:var(--fg);font:16px/1.6 system-ui,-apple-system,"Segoe UI",sans-serif;overflow-wrap:anywhere}
        @media (prefers-color-scheme:dark){.fathom-report{--fg:#e6edf3;--muted:#9da7b3;--line:#30363d;--accent:#79c0ff;--tip-bg:#161b22;--quote:#161b22}}
        .fathom-report h1{font-size:1.9rem;line-height:1.25;margin:0 0 .3rem}
        .fathom-report .byline{color:var(--muted);margin:0 0 1.5rem}
        .fathom-report a{color:var(--accent)}
        .fathom-report blockquote{margin:1rem 0;padding:.2rem 1rem;border-left:4px solid var(--line);color:var(--muted)}
        .fathom-report table{border-collapse:collapse;display:block;overflow-x:auto}.fathom-report td,.fathom-report th{border:1px solid var(--line);padding:.3rem .6rem}
        .fathom-report .cite{position:relative;text-decoration:none;font-size:.8em;vertical-align:super;line-height:0;padding:0 .1em;border-radius:3px}
        .fathom-report .cite:focus-visible{outline:2px solid var(--accent);outline-offset:1px}
        .fathom-report .cite .tip{display:none;position:absolute;z-index:10;left:50%;bottom:1.6em;transform:translateX(-50%);width:min(26rem,80vw);padding:.6rem .8rem;background:var(--tip-bg);color:var(--fg);border:1px solid var(--line);border-radius:6px;box-shadow:0 4px 16px rgba(0,0,0,.18);font-size:.9rem;line-height:1.45;text-align:left;white-space:normal;vertical-align:baseline}
        .fathom-report .cite:hover .tip,.fathom-report .cite:focus .tip{display:block}
        .fathom-report .tip q{display:block;font-style:italic}.fathom-report .tip .from{display:block;margin-top:.35rem;color:var(--muted);font-size:.85em}
        .fathom-report .references{list-style:none;padding:0}
        .fathom-report .references>li{margin:0 0 1rem;padding:0 0 0 .2rem}
        .fathom-report .references .n{font-weight:600;margin-right:.35rem}
        .fathom-report .references .domain{color:var(--muted);font-size:.9em;margin-left:.35rem}
        .fathom-report .references blockquote{margin:.35rem 0 0 1.6rem;font-size:.95em}
        .fathom-report .references li:target{background:var(--quote)}
        @media print{.fathom-report .cite .tip{display:none!important}.fathom-report a{color:inherit}}
        """;

    /// <summary>A whole HTML page that needs nothing else to be read.</summary>
    public static string Document(ReportDocument document) => $$$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{{Encode(document.Title)}}}</title>
        <meta name="description" content="{{{Encode(document.Question)}}}">
        <style>body{margin:0;padding:2rem 1rem;background:#fff}@media (prefers-color-scheme:dark){body{background:#0d1117}}main{max-width:48rem;margin:0 auto}
        {{{Styles}}}</style></head>
        <body><main>
        {{{Fragment(document)}}}
        </main></body></html>
        """;

    /// <summary>The report alone, inside an <c>article class="fathom-report"</c>.</summary>
    public static string Fragment(ReportDocument document)
    {
        var html = new StringBuilder();
        html.Append("<article class=\"fathom-report\">\n");
        html.Append("<h1>").Append(Encode(document.Title)).Append("</h1>\n");
        html.Append("<p class=\"byline\"><time datetime=\"").Append(document.Date.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).Append("\">")
            .Append(Encode(document.Byline)).Append("</time></p>\n");
        html.Append(Body(document));
        html.Append(References(document));
        html.Append("</article>\n");
        return html.ToString();
    }

    /// <summary>The body rendered from Markdown, each citation a link with its quote.</summary>
    public static string Body(ReportDocument document)
    {
        var marked = CitationMarkers.Mark(document.Body, document);
        var rendered = Markdown.ToHtml(marked, Pipeline);
        return CitationMarkers.Replace(rendered, document, Link);
    }

    /// <summary>The references, one per line, each followed by its quotes.</summary>
    public static string References(ReportDocument document)
    {
        if (document.References.Count == 0)
        {
            return "";
        }

        var html = new StringBuilder("<h2 id=\"references\">References</h2>\n<ol class=\"references\">\n");
        foreach (var r in document.References)
        {
            var domain = ReportAnchors.Domain(r.Url);
            html.Append($"<li id=\"{ReportAnchors.Reference(r.Index)}\"><span class=\"n\">[{r.Index}]</span><a href=\"{Encode(r.Url)}\">{Encode(r.Title.Length > 0 ? r.Title : r.Url)}</a>");
            if (domain.Length > 0)
            {
                html.Append("<span class=\"domain\">").Append(Encode(domain)).Append("</span>");
            }

            foreach (var quote in r.Quotes)
            {
                html.Append("<blockquote>").Append(Encode(quote)).Append("</blockquote>");
            }

            html.Append("</li>\n");
        }

        return html.Append("</ol>\n").ToString();
    }

    private static string Link(Citation c) =>
        $"<a class=\"cite\" href=\"#{c.Anchor}\" data-ref=\"{c.Reference}\" aria-label=\"Source {c.Reference}: {Encode(c.Source)}\">[{c.Reference}]" +
        $"<span class=\"tip\" role=\"tooltip\"><q>{Encode(c.Quote)}</q><span class=\"from\">[{c.Reference}] {Encode(c.Source)}</span></span></a>";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
