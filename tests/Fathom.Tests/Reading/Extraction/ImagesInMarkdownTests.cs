using Fathom.Reading.Extraction;

namespace Fathom.Tests.Reading.Extraction;

public sealed class ImagesInMarkdownTests
{
    private const string Prose =
        "The new ferry carries ninety cars and four hundred passengers between the two harbours, twice an hour in summer. " +
        "Its batteries charge at either quay during the twelve minutes it takes to load, and the crossing is silent.";

    private static string Page(string article) =>
        $"""
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>A silent ferry</title></head><body>
        <main><article><h1>A silent ferry</h1>
        <p>1. {Prose}</p><p>2. {Prose}</p>
        {article}
        <p>3. {Prose}</p><p>4. {Prose}</p>
        </article></main></body></html>
        """;

    [Fact]
    public void LazyImages_ShowThePictureTheLoaderWouldLoad_NotItsPlaceholder()
    {
        var html = Page("""
            <p><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/img/ferry.jpg" alt="The ferry at the quay"></p>
            <p><img src="/img/blank-20x8.jpg" data-lazy-src="/img/quay.jpg" alt="The charging arm"></p>
            <p><img src="/img/spinner.gif" data-original="/img/crossing.jpg" alt="The crossing"></p>
            <p><img srcset="/img/deck-800.jpg 800w, /img/deck-1600.jpg 1600w" alt="The car deck"></p>
            <p><img src="data:image/png;base64,iVBORw0KGgo=" data-srcset="https://cdn.example/w_400,h_300/bridge.jpg 1x, https://cdn.example/w_800,h_600/bridge.jpg 2x" alt="The bridge"></p>
            <p><img data-src="${imageURL}" src="/img/harbour.jpg" alt="The harbour"></p>
            """);

        var markdown = new ArticleExtractor().Extract(html, "https://ferries.example/news/silent").Markdown;

        Assert.Contains("![The ferry at the quay](https://ferries.example/img/ferry.jpg)", markdown, StringComparison.Ordinal);
        Assert.Contains("![The charging arm](https://ferries.example/img/quay.jpg)", markdown, StringComparison.Ordinal);
        Assert.Contains("![The crossing](https://ferries.example/img/crossing.jpg)", markdown, StringComparison.Ordinal);
        Assert.Contains("![The car deck](https://ferries.example/img/deck-800.jpg)", markdown, StringComparison.Ordinal);
        Assert.Contains("![The bridge](https://cdn.example/w_400,h_300/bridge.jpg)", markdown, StringComparison.Ordinal);

        // A script's template is no address; the plain source stands.
        Assert.Contains("![The harbour](https://ferries.example/img/harbour.jpg)", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("data:image", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("spinner", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("blank-20x8", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void PageExtractor_ReadsTheLazyLoadersAddresses()
    {
        // The page parser keeps only the attributes some step reads: the loaders' own must be among them.
        var html = Page($"""
            <p><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-lazy-src="/img/quay.jpg" alt="The charging arm">5. {Prose}</p>
            <p><img src="/img/spinner.gif" data-original="/img/crossing.jpg" alt="The crossing">6. {Prose}</p>
            <p><img src="data:image/png;base64,iVBORw0KGgo=" data-srcset="/img/deck-400.jpg 1x, /img/deck-800.jpg 2x" alt="The car deck">7. {Prose}</p>
            """);

        var markdown = new PageExtractor().Extract(html, "https://ferries.example/news/silent").Markdown;

        Assert.Contains("![The charging arm](https://ferries.example/img/quay.jpg)", markdown, StringComparison.Ordinal);
        Assert.Contains("![The crossing](https://ferries.example/img/crossing.jpg)", markdown, StringComparison.Ordinal);
        Assert.Contains("![The car deck](https://ferries.example/img/deck-400.jpg)", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void TrackingPixels_AreNotPictures()
    {
        // Beacons as analytics and advertising tags write them; a small icon, an SVG that WordPress
        // declares 1 × 1 and a picture Next.js declares 0 × 0 and sizes by its styles are pictures.
        var html = Page($"""
            <p><noscript><img height="1" width="1" style="display:none" src="https://www.facebook.com/tr?id=1&ev=PageView&noscript=1"></noscript>5. {Prose}</p>
            <p><img src="https://bat.example/action/0?ti=5&Ver=2" width="1px" height="1px" alt="">6. {Prose}</p>
            <p><img src="https://stats.example/b.gif?u=1" hidden alt="">7. {Prose}<img src="https://pixel.example/g.gif?v=ext&blog=1" style="height:1px;width:1px;overflow:hidden;position:absolute;bottom:1px;" alt=""></p>
            <p><img src="/img/anchor.svg" width="16" height="16" alt="Harbour">8. {Prose}</p>
            <p><img src="/uploads/route-map.svg?ver=2" width="1" height="1" alt="The route">9. {Prose}</p>
            <p><img src="/_next/image?url=%2Fdeck.jpg&amp;w=3840&amp;q=75" width="0" height="0" sizes="100vw" style="width:100%;height:auto" alt="The deck">10. {Prose}</p>
            """);

        var markdown = new PageExtractor().Extract(html, "https://ferries.example/news/silent").Markdown;

        Assert.DoesNotContain("facebook.com/tr", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("bat.example", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("stats.example", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("pixel.example", markdown, StringComparison.Ordinal);
        Assert.Contains("![Harbour](https://ferries.example/img/anchor.svg)", markdown, StringComparison.Ordinal);
        Assert.Contains("![The route](https://ferries.example/uploads/route-map.svg?ver=2)", markdown, StringComparison.Ordinal);
        Assert.Contains("![The deck](https://ferries.example/_next/image?url=%2Fdeck.jpg&w=3840&q=75)", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void RepeatedImages_AreShownOnce_ButEveryTableCellKeepsItsOwn()
    {
        // A carousel with its loop clones and a zoomed copy, a list that shows one of its pictures again,
        // and a comparison table whose ticks and crosses say something in each cell.
        var html = Page("""
            <p><img src="/img/bow.jpg" alt="Bow"><img src="/img/stern.jpg" alt="Stern"><img src="/img/bow.jpg" alt="Bow">
              <img src="/img/stern.jpg" alt="Stern"><img src="/img/bow.jpg" alt="Bow, enlarged">
              The ferry seen from the quay on its first crossing, with the charging arm lowered onto its roof.</p>
            <ul>
              <li>Ninety cars on one deck, loaded from either end so that no car ever has to turn.</li>
              <li><img src="/img/bow.jpg" alt="Bow">Four hundred passengers in two lounges, with a cafe that stays open on every crossing.</li>
              <li><blockquote>Silent at the quay, as the harbour master said when the first crossing ended.</blockquote></li>
            </ul>
            <table>
              <tr><th>Feature</th><th>Old ferry</th><th>New ferry</th></tr>
              <tr><td>Electric</td><td><img src="/img/cross.svg" alt="no"></td><td><img src="/img/tick.svg" alt="yes"></td></tr>
              <tr><td>Charges at the quay</td><td><img src="/img/cross.svg" alt="no"></td><td><img src="/img/tick.svg" alt="yes"></td></tr>
            </table>
            """);

        var markdown = new ArticleExtractor().Extract(html, "https://ferries.example/news/silent").Markdown;
        var table = markdown[markdown.IndexOf("| Feature", StringComparison.Ordinal)..];
        var beforeTable = markdown[..markdown.IndexOf("| Feature", StringComparison.Ordinal)];

        Assert.Equal(1, Count(beforeTable, "/img/bow.jpg"));
        Assert.Equal(1, Count(beforeTable, "/img/stern.jpg"));
        Assert.Contains("Four hundred passengers", beforeTable, StringComparison.Ordinal);
        Assert.Contains("Silent at the quay", beforeTable, StringComparison.Ordinal);
        Assert.Equal(2, Count(table, "/img/cross.svg"));
        Assert.Equal(2, Count(table, "/img/tick.svg"));
    }

    [Theory]
    [InlineData("a.jpg 1x, b.jpg 2x", "a.jpg")]
    [InlineData("  , https://img.example/w_400,h_300/a.jpg 400w, https://img.example/w_800/a.jpg 800w", "https://img.example/w_400,h_300/a.jpg")]
    [InlineData("a.jpg,b.jpg 2x", "a.jpg,b.jpg")]
    [InlineData("a.jpg", "a.jpg")]
    [InlineData(" \n ", null)]
    [InlineData(null, null)]
    public void FirstCandidate_ReadsTheFirstAddressOfASourceSet(string? srcset, string? expected) =>
        Assert.Equal(expected, ImageSource.FirstCandidate(srcset));

    private static int Count(string text, string part) => text.Split(part).Length - 1;
}
