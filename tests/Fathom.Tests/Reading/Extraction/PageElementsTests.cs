using AngleSharp.Html.Parser;
using Fathom.Reading.Extraction;

namespace Fathom.Tests.Reading.Extraction;

/// <summary>The metadata and page signals query one list of a page's elements: each query must find what its selector finds.</summary>
public sealed class PageElementsTests
{
    private const string Page = """
        <html><head><meta property="og:type" content="article"><meta name="author" content="A">
        <link rel="stylesheet" href="s.css"><link rel="canonical" href="https://example.org/x"><link rel="canonical" href="https://example.org/y">
        <script type="application/ld+json">{"@type":"Article"}</script><script>var x = 1;</script>
        <script type="application/LD+JSON">{}</script><base target="_top"><base href="/b/"></head>
        <body><h1></h1><template><h1>in a template</h1><meta name="hidden"></template>
        <svg><script type="application/ld+json">{}</script><title>icon</title></svg>
        <H1>Title</H1><span itemprop="dateModified">2019</span><span itemprop="datePublished">2020</span>
        <time>no date</time><time datetime="2021-01-01">x</time><time pubdate>y</time>
        <meta property="og:type" content="second"><p>Text</p></body></html>
        """;

    [Fact]
    public void Queries_FindWhatTheirSelectorsFind()
    {
        var document = new HtmlParser().ParseDocument(Page);
        var elements = PageElements.Of(document);

        Assert.Equal(document.All, elements.All);
        Assert.Equal(document.QuerySelectorAll("meta"), elements.Metas());
        Assert.Equal(document.QuerySelectorAll("h1"), elements.Headings());
        Assert.Equal(document.QuerySelectorAll("script[type='application/ld+json']"), elements.JsonLdScripts());
        Assert.Same(document.QuerySelector("[itemprop='datePublished'], time[pubdate], time[datetime]"), elements.Published());
        Assert.Same(document.QuerySelector("link[rel='canonical']"), elements.CanonicalLink());
        Assert.Same(document.QuerySelector("base[href]"), elements.Base());
        Assert.Same(document.QuerySelector("meta[property='og:type']"), elements.OpenGraphTypeMeta());

        // The page holds what each query looks for, more than once where order decides.
        Assert.Equal(3, elements.Metas().Count());
        Assert.Equal(2, elements.Headings().Count());
        Assert.Equal("2020", elements.Published()!.TextContent);
        Assert.Equal("https://example.org/x", elements.CanonicalLink()!.GetAttribute("href"));
        Assert.Equal("/b/", elements.Base()!.GetAttribute("href"));
    }

    [Fact]
    public void Queries_OnAPageWithoutTheirElements_FindNothing()
    {
        var elements = PageElements.Of(new HtmlParser().ParseDocument("<p>Only text</p>"));

        Assert.Empty(elements.Metas());
        Assert.Empty(elements.JsonLdScripts());
        Assert.Null(elements.Published());
        Assert.Null(elements.CanonicalLink());
        Assert.Null(elements.Base());
        Assert.Null(elements.OpenGraphTypeMeta());
    }
}
