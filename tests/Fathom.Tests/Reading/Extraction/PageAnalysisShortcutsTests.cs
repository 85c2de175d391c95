using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Fathom.Reading.Extraction;
using Fathom.Reading.Extraction.Blocks;

namespace Fathom.Tests.Reading.Extraction;

/// <summary>
/// The page analysis takes shortcuts for speed that must read every page as the plain way does: the
/// rule pass's copy built already cleaned, prices counted without a string of the whole page, class
/// names matched one by one, attributes the extractor never reads dropped at parse.
/// </summary>
public sealed class PageAnalysisShortcutsTests
{
    private const string Page = """
        <html><head><title>T</title></head><body class="page">
        <!-- a comment -->
        <nav><a href="/">Home</a></nav>
        <div class="sidebar-widget">Teasers</div>
        <div class="article-body" id="main">
          <p>First <b>para</b>graph, with text.<!-- inline --> More text.</p>
          <script>var price = "$ 12";</script>
          <p hidden>Hidden</p>
          <p style="display: none; color: red">Also hidden</p>
          <table class="comment-table"><tr><td class="footer-cell">Kept: inside a table</td></tr></table>
          <pre><code class="related">code stays</code></pre>
          <div aria-hidden="true">Screen-reader only</div>
          <button>Buy</button>
          <div role="navigation">Menu</div>
          <div class="main-column sidebar">Rescued by its name</div>
        </div>
        <footer>Footer</footer>
        </body></html>
        """;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void CleanCopy_IsWhatCleaningADeepCopyLeaves(bool stripUnlikely)
    {
        var body = new HtmlParser().ParseDocument(Page).Body!;
        var deep = (IElement)body.Clone(deep: true);
        PageCleaner.Clean(deep, stripUnlikely);

        var tracked = body.QuerySelectorAll("p, td, div").ToHashSet<IElement>();
        var originals = new Dictionary<IElement, IElement>();
        var copy = PageCleaner.CleanCopy(body, stripUnlikely, tracked, originals);

        Assert.Equal(deep.OuterHtml, copy.OuterHtml);
        Assert.Null(copy.Parent);
        Assert.NotNull(body.QuerySelector("nav"));

        // Every tracked element that survives maps back to its original, and only those.
        var survivors = copy.QuerySelectorAll("p, td, div").ToList();
        Assert.Equal(survivors.Count, originals.Count);
        foreach (var survivor in survivors)
        {
            var original = originals[survivor];
            Assert.Contains(original, tracked);
            Assert.Equal(original.LocalName, survivor.LocalName);
            Assert.Equal(original.GetAttribute("class"), survivor.GetAttribute("class"));
            Assert.NotSame(original, survivor);
        }
    }

    [Fact]
    public void PriceCount_CountsPricesAcrossTextNodesAndScriptsAsTheBodyTextReadsThem()
    {
        var body = new HtmlParser().ParseDocument(
            "<body><p>Now <b>$</b>5 or 10 <i>EUR</i>, was €7.</p><script>var p = '£ 3';</script><p>No price: $ alone, 12 apples.</p></body>").Body!;

        // "$5" spans two text nodes, "10 EUR" too; the script's "£ 3" counts, as it does in TextContent.
        Assert.Equal(4, PageSignals.PriceCount(body));
        Assert.Equal(0, PageSignals.PriceCount(null));
    }

    [Fact]
    public void PriceCount_ReadsBodiesLargerThanItsFirstBuffer()
    {
        var html = "<body>" + string.Concat(Enumerable.Range(0, 2000).Select(i => $"<p>item {i} costs ${i % 9 + 1}</p>")) + "</body>";
        var body = new HtmlParser().ParseDocument(html).Body!;

        Assert.True(body.TextContent.Length > 4096);
        Assert.Equal(2000, PageSignals.PriceCount(body));
    }

    [Fact]
    public void NameGroups_OfSeveralClassNamesIsTheGroupsOfEachName()
    {
        var document = new HtmlParser().ParseDocument("""
            <div id="a" class="main-nav sidebar"></div><div id="b" class="main-nav"></div><div id="c" class="sidebar"></div>
            <div id="d" class="x ad"></div><div id="e" class="shadow"></div><div id="f" class="post-1234"></div><div id="g" class="post-5678"></div>
            """);
        int Of(string id) => NameGroups.Of(document.GetElementById(id)!);
        int Bit(string group) => 1 << Array.IndexOf(NameGroups.Names, group);

        Assert.Equal(Of("b") | Of("c"), Of("a"));
        Assert.NotEqual(0, Of("a") & Bit("nav"));
        Assert.NotEqual(0, Of("a") & Bit("side"));
        Assert.NotEqual(0, Of("d") & Bit("ad"));
        Assert.Equal(0, Of("e") & Bit("ad"));
        Assert.Equal(Of("f"), Of("g"));
    }

    [Fact]
    public void Parse_DropsOnlyAttributesTheExtractorNeverReads()
    {
        var page = PageAnalysis.Of(
            """<html><body><div class="c" data-track="x" onclick="go()" aria-label="l" aria-hidden="false" role="main" tabindex="0" width="9"><img data-src="/a.png" data-srcset="/b.png" alt="A" width="10" height="20" loading="lazy" srcset="/c.png 2x"></div></body></html>""",
            "https://example.org/");
        var div = page.Document.QuerySelector("div")!;
        var img = page.Document.QuerySelector("img")!;

        Assert.Equal(new[] { "class", "aria-hidden", "role" }, div.Attributes.Select(a => a.Name));
        // An image keeps its address wherever a lazy loader put it and its declared size (ImageSource:
        // a pixel is a beacon), not its loading hint.
        Assert.Equal(new[] { "data-src", "data-srcset", "alt", "width", "height", "srcset" }, img.Attributes.Select(a => a.Name));
        Assert.True(PageAnalysis.IsRead("itemprop"));
        Assert.False(PageAnalysis.IsRead("on"));
        Assert.False(PageAnalysis.IsRead("onload"));
    }

    [Fact]
    public void Parse_KeepsTheAttributesTheTreeIsBuiltFrom()
    {
        // A hidden input stays in its table; any other is moved out before it ("foster parenting").
        var page = PageAnalysis.Of(
            """<html><body><table><input type="hidden" name="a"><input type="text" name="b"><tr><td>cell</td></tr></table></body></html>""",
            "https://example.org/");

        Assert.Equal("table", page.Document.QuerySelector("input[name='a']")!.ParentElement!.LocalName);
        Assert.Equal("body", page.Document.QuerySelector("input[name='b']")!.ParentElement!.LocalName);
    }

    [Fact]
    public void AttributeLookUps_FindWhatGetAttributeFinds()
    {
        // Upper-case names in the source, SVG and MathML (whose attribute names the parser adjusts), a
        // template's content, repeated and empty attributes.
        const string mixed = """
            <html><body>
            <DIV CLASS="Card Big" Id="X1" ROLE="list" Data-Src="/a.png" Hidden>One</DIV>
            <a HREF="/next" rel="author" class="">Two</a>
            <svg viewBox="0 0 1 1" class="icon"><a href="/svg-link" xlink:href="/old"><text class="label">S</text></a></svg>
            <math display="block" class="formula"><mi mathvariant="normal">x</mi></math>
            <time datetime="2026-12-06" class="a" class="b">Today</time>
            <img src="/p.png" alt="A picture" STYLE="display:none" aria-hidden="TRUE">
            <template><p class="inside" lang="de">Inner</p></template>
            </body></html>
            """;
        var document = new HtmlParser().ParseDocument(mixed);
        string[] names = ["class", "id", "role", "data-src", "hidden", "href", "rel", "datetime", "src", "alt", "style", "aria-hidden", "lang", "display", "mathvariant", "viewbox"];
        var elements = document.QuerySelectorAll("*").ToList();
        Assert.True(elements.Count > 10);
        foreach (var e in elements)
        {
            foreach (var name in names)
            {
                Assert.Equal(e.GetAttribute(name), e.ReadAttribute(name));
                Assert.Equal(e.HasAttribute(name), e.HasOwnAttribute(name));
            }
        }

        var div = document.QuerySelector("div")!;
        Assert.Equal("Card Big", div.ReadAttribute("class"));
        Assert.True(div.HasOwnAttribute("hidden"));
        Assert.Equal("/a.png", div.ReadAttribute("data-src"));
    }
}
