using AngleSharp.Html.Parser;
using Fathom.Reading.Documents;
using Fathom.Reading.Extraction;
using Fathom.Reading.Extraction.Blocks;

namespace Fathom.Tests.Reading.Extraction;

public sealed class SwallowedMarkupTests
{
    // The tag manager's fallback as JSX writes it: a self-closing frame, which HTML reads as an open one.
    private const string Page = """
        <html><body><header>Menu</header>
        <noscript><iframe src="https://www.googletagmanager.com/ns.html?id=GTM-X" height="0" width="0" style="display: none; visibility: hidden;" /></noscript>
        <main><h1>Your fastest path to production</h1><p>Connect your repository; every push deploys.</p></main>
        <footer>© Example</footer></body></html>
        """;

    [Fact]
    public void Recover_ParsesWhatTheFrameSwallowed_AfterItsNoscript()
    {
        var parser = new HtmlParser();
        var document = parser.ParseDocument(Page);
        Assert.Null(document.QuerySelector("main"));

        SwallowedMarkup.Recover(document, Page, parser);

        Assert.Equal("Connect your repository; every push deploys.", document.QuerySelector("main > p")?.TextContent);
        Assert.Equal("noscript", document.QuerySelector("main")!.PreviousElementSibling?.LocalName);
        Assert.Equal(string.Empty, document.QuerySelector("iframe")!.TextContent);
    }

    [Fact]
    public void Recover_LeavesAClosedFrameAndItsPageAlone()
    {
        var closed = Page.Replace("/></noscript>", "></iframe></noscript>", StringComparison.Ordinal);
        var parser = new HtmlParser();
        var document = parser.ParseDocument(closed);
        var before = document.Body!.OuterHtml;

        SwallowedMarkup.Recover(document, closed, parser);

        Assert.Equal(before, document.Body.OuterHtml);
        Assert.Single(document.QuerySelectorAll("main"));
    }

    [Fact]
    public void PageAnalysis_ReadsTheSwallowedContentAsBlocks()
    {
        var page = PageAnalysis.Of(Page, "https://example.com/");

        Assert.Contains(page.Blocks, b => b.Text == "Connect your repository; every push deploys." && b.Element.LocalName == "p");
    }

    [Fact]
    public async Task DocumentLoader_WithoutAnExtractor_KeepsWhatTheFrameSwallowed()
    {
        var directory = Directory.CreateTempSubdirectory("fathom-swallowed-");
        try
        {
            var path = Path.Combine(directory.FullName, "page.html");
            await File.WriteAllTextAsync(path, Page);

            var document = Assert.Single(await new DocumentLoader().LoadAsync(path, CancellationToken.None));

            Assert.Contains("Connect your repository; every push deploys.", document.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("© Example", document.Text, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
