using System.Text;
using AngleSharp.Html.Parser;
using DocumentFormat.OpenXml.Packaging;
using Fathom.Reports;
using UglyToad.PdfPig;
using A = DocumentFormat.OpenXml.Drawing;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Fathom.Page.Tests.Exports;

/// <summary>Every export of a real report, parsed back: the headings, the citations as links to references, the references with their quotes.</summary>
public sealed class ExportTests(ExportFixture fixture) : IClassFixture<ExportFixture>
{
    private ReportDocument Document => fixture.Document;

    [Fact]
    public void Run_WritesAReportWorthExporting()
    {
        Assert.Equal(Fathom.Events.RunStatus.Completed, fixture.Result.Status);
        Assert.NotEmpty(fixture.Headings);
        Assert.True(Document.References.Count >= 2, $"only {Document.References.Count} references");
        Assert.Matches(CitationMarkers.Written(), Document.Body);
        Assert.DoesNotContain("## References", Document.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Title_IsTheQuestionCapitalised_WithItsMark()
    {
        Assert.Equal("How do heat pumps work and what do they cost?", Document.Title);
        Assert.Equal($"1 December 2026 · {Document.References.Count} sources", Document.Byline);
    }

    [Fact]
    public async Task Markdown_LinksEachCitation_AndListsReferencesOnePerLineWithQuotes()
    {
        var markdown = Encoding.UTF8.GetString(await new ReportExporter().ExportAsync(Document, ExportFormat.Markdown));

        Assert.StartsWith("# How do heat pumps work and what do they cost?\n\n*1 December 2026 · ", markdown, StringComparison.Ordinal);
        Assert.DoesNotMatch(CitationMarkers.Written(), markdown);
        foreach (var r in Document.References)
        {
            Assert.Contains($"(#ref-{r.Index})", markdown, StringComparison.Ordinal);
            var line = markdown.Split('\n').Single(l => l.StartsWith($"<a id=\"ref-{r.Index}\"></a>", StringComparison.Ordinal));
            Assert.Contains($"**[{r.Index}]** [{r.Title}]({r.Url})", line, StringComparison.Ordinal);
            Assert.All(r.Quotes, q => Assert.Contains("> " + q, markdown, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Html_CitationsLinkToReferences_WithTheQuoteTheyRestOn()
    {
        var html = Encoding.UTF8.GetString(await new ReportExporter().ExportAsync(Document, ExportFormat.Html));
        var page = new HtmlParser().ParseDocument(html);

        Assert.Equal(Document.Title, page.Title);
        Assert.Equal(Document.Title, page.QuerySelector("h1")!.TextContent);
        Assert.Contains($"{Document.References.Count} sources", page.QuerySelector(".byline")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(fixture.Headings, page.QuerySelectorAll("h2").Select(h => h.TextContent).Where(t => t != "References"));
        Assert.Empty(page.QuerySelectorAll("script"));
        Assert.Empty(page.QuerySelectorAll("link[rel=stylesheet]"));

        var cites = page.QuerySelectorAll("a.cite");
        Assert.NotEmpty(cites);
        foreach (var cite in cites)
        {
            var target = cite.GetAttribute("href")!;
            var reference = Document.Find(int.Parse(cite.GetAttribute("data-ref")!, System.Globalization.CultureInfo.InvariantCulture))!;
            Assert.Equal($"#ref-{reference.Index}", target);
            Assert.NotNull(page.GetElementById(target[1..]));
            Assert.Contains(cite.QuerySelector(".tip q")!.TextContent, reference.Quotes);
            Assert.Contains(reference.Title, cite.QuerySelector(".tip .from")!.TextContent, StringComparison.Ordinal);
        }

        // The sentence a citation closes is the quote it shows (the extractive model quotes verbatim).
        var first = page.QuerySelector("p a.cite")!;
        var sentence = first.ParentElement!.TextContent;
        Assert.Contains(first.QuerySelector(".tip q")!.TextContent[..30], sentence, StringComparison.Ordinal);

        var items = page.QuerySelectorAll("ol.references > li");
        Assert.Equal(Document.References.Select(r => $"ref-{r.Index}"), items.Select(li => li.Id));
        foreach (var (li, r) in items.Zip(Document.References))
        {
            Assert.Equal($"[{r.Index}]", li.QuerySelector(".n")!.TextContent);
            Assert.Equal(r.Url, li.QuerySelector("a")!.GetAttribute("href"));
            Assert.Equal(r.Quotes, li.QuerySelectorAll("blockquote").Select(b => b.TextContent));
        }
    }

    [Fact]
    public async Task Pdf_PrintedByChromium_HoldsHeadingsCitationsAndReferences()
    {
        var bytes = await new ReportExporter(Chromium.Path).ExportAsync(Document, ExportFormat.Pdf);

        using var pdf = PdfDocument.Open(bytes);
        var text = string.Join("\n", pdf.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
        Assert.Contains(Words(Document.Title), Words(text), StringComparison.Ordinal);
        foreach (var heading in fixture.Headings)
        {
            Assert.Contains(Words(heading), Words(text), StringComparison.Ordinal);
        }

        Assert.Contains("References", text, StringComparison.Ordinal);
        foreach (var r in Document.References)
        {
            Assert.Contains($"[{r.Index}]", text, StringComparison.Ordinal);
            Assert.Contains(Words(r.Title), Words(text), StringComparison.Ordinal);
        }

        var links = pdf.GetPages().SelectMany(p => p.GetHyperlinks()).Select(l => l.Uri).Where(u => u is not null).ToList();
        Assert.All(Document.References, r => Assert.Contains(r.Url, links));
    }

    [Fact]
    public async Task Pdf_WithoutChromium_SaysWhatToInstall()
    {
        var error = await Assert.ThrowsAsync<ReportExportException>(() => new ReportExporter("/nonexistent/chromium").ExportAsync(Document, ExportFormat.Pdf));
        Assert.Contains("apt-get install chromium", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Docx_HoldsHeadings_CitationsLinkedToReferenceBookmarks_AndQuotes()
    {
        var bytes = await new ReportExporter().ExportAsync(Document, ExportFormat.Docx);

        using var docx = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        var body = docx.MainDocumentPart!.Document.Body!;
        var paragraphs = body.Elements<W.Paragraph>().Select(p => (Style: p.ParagraphProperties?.ParagraphStyleId?.Val?.Value, Text: p.InnerText)).ToList();
        Assert.Equal(("Title", Document.Title), paragraphs[0]);
        Assert.Equal([.. fixture.Headings, "References"], paragraphs.Where(p => p.Style == "Heading2").Select(p => p.Text));

        var bookmarks = body.Descendants<W.BookmarkStart>().Select(b => b.Name!.Value!).ToHashSet();
        Assert.Equal(Document.References.Select(r => $"ref_{r.Index}").ToHashSet(), bookmarks);
        var anchors = body.Descendants<W.Hyperlink>().Where(h => h.Anchor is not null).ToList();
        Assert.NotEmpty(anchors);
        Assert.All(anchors, a => Assert.Contains(a.Anchor!.Value!, bookmarks));
        Assert.All(anchors, a => Assert.Matches(@"^\[\d+\]$", a.InnerText));

        var external = docx.MainDocumentPart.HyperlinkRelationships.Select(r => r.Uri.ToString()).ToHashSet();
        foreach (var r in Document.References)
        {
            Assert.Contains(r.Url, external);
            Assert.Contains(paragraphs, p => p.Style == "Reference" && p.Text.StartsWith($"[{r.Index}] {r.Title}", StringComparison.Ordinal));
            Assert.All(r.Quotes, q => Assert.Contains(("Quote", q), paragraphs));
        }
    }

    [Fact]
    public async Task Pptx_OneSlidePerSection_CitationsJumpToTheReferencesSlide()
    {
        var bytes = await new ReportExporter().ExportAsync(Document, ExportFormat.Pptx);

        using var pptx = PresentationDocument.Open(new MemoryStream(bytes), false);
        var presentation = pptx.PresentationPart!;
        var slides = presentation.Presentation.SlideIdList!.Elements<DocumentFormat.OpenXml.Presentation.SlideId>()
            .Select(id => (SlidePart)presentation.GetPartById(id.RelationshipId!.Value!)).ToList();
        var titles = slides.Select(s => s.Slide.Descendants<A.Paragraph>().First().InnerText).ToList();

        Assert.Equal(Document.Title, titles[0]);
        Assert.Contains($"{Document.References.Count} sources", slides[0].Slide.InnerText, StringComparison.Ordinal);
        Assert.Equal(fixture.Headings, titles.Skip(1).Where(t => !t.StartsWith("References", StringComparison.Ordinal) && !t.EndsWith("(continued)", StringComparison.Ordinal)));
        var referenceSlides = slides.Where((_, i) => titles[i].StartsWith("References", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(referenceSlides);
        var referenceText = string.Join("\n", referenceSlides.Select(s => s.Slide.InnerText));
        Assert.All(Document.References, r => Assert.Contains($"[{r.Index}] {r.Title}", referenceText, StringComparison.Ordinal));

        var jumps = slides.SelectMany(s => s.Slide.Descendants<A.HyperlinkOnClick>().Where(h => h.Action?.Value == "ppaction://hlinksldjump").Select(h => s.GetPartById(h.Id!.Value!))).ToList();
        Assert.NotEmpty(jumps);
        Assert.All(jumps, target => Assert.Contains(target, referenceSlides));
    }

    [Theory]
    [InlineData("report.md", ExportFormat.Markdown)]
    [InlineData("Report.HTML", ExportFormat.Html)]
    [InlineData("a/b.pdf", ExportFormat.Pdf)]
    [InlineData("x.docx", ExportFormat.Docx)]
    [InlineData("x.pptx", ExportFormat.Pptx)]
    public void Format_FollowsTheFileExtension(string path, ExportFormat format) => Assert.Equal(format, ExportFormats.OfPath(path));

    // The PDF's fonts print ligatures ("ﬁ"); Unicode normalisation is not at hand under invariant globalisation.
    private static string Words(string text) => string.Join(' ', Unligate(text).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string Unligate(string text) => text
        .Replace("\uFB00", "ff", StringComparison.Ordinal).Replace("\uFB01", "fi", StringComparison.Ordinal).Replace("\uFB02", "fl", StringComparison.Ordinal)
        .Replace("\uFB03", "ffi", StringComparison.Ordinal).Replace("\uFB04", "ffl", StringComparison.Ordinal);
}
