using Fathom.Reading.Extraction;

namespace Fathom.Tests.Reading.Extraction;

public sealed class ArticleExtractorTests
{
    private const string Prose =
        "The river rose four metres overnight, flooding the lower town and cutting the only road to the valley. " +
        "Residents said the water came faster than in any flood they remembered, and the council opened the school as a shelter.";

    private static readonly ArticleExtractor Extractor = new();

    private static string Page(string body, string head = "<title>Flood cuts valley road | Valley Post</title>") =>
        $"<!DOCTYPE html><html lang=\"en-gb\"><head><meta charset=\"utf-8\">{head}</head><body>{body}</body></html>";

    private static string Paragraphs(int count, string prefix = "") =>
        string.Concat(Enumerable.Range(1, count).Select(i => $"<p>{prefix}{i}. {Prose}</p>"));

    [Fact]
    public void Extract_DropsNavigationSidebarSharingCommentsAndFooter()
    {
        var html = Page($"""
            <header class="site-header"><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav></header>
            <div id="cookie-banner">We use cookies to improve your experience. Accept all cookies?</div>
            <main><article>
              <h1>Flood cuts valley road</h1>
              <div class="share-tools"><a href="https://x.example/share">Share on X</a> <a href="mailto:">Email this story</a></div>
              <p>By <a rel="author" href="/staff/ana">Ana Ruiz</a>, river correspondent</p>
              <div class="article-body">{Paragraphs(4)}
                <div class="related-stories"><h3>Related</h3><ul><li><a href="/a">Storm warning for the coast tonight</a></li><li><a href="/b">Bridge closed after the heavy rain</a></li></ul></div>
                <p>Advertisement</p>
                {Paragraphs(2, "Later ")}
              </div>
            </article></main>
            <aside class="sidebar"><h2>Most read</h2><p>Ten things you did not know about kettles and their long, strange history in kitchens.</p></aside>
            <section id="comments"><p>Reader comment: this is a long comment that argues with the article, at length, with commas, and more commas, and more.</p></section>
            <footer><p>Copyright 2024 Valley Post. All rights reserved. Terms, privacy, contact, advertising, careers.</p></footer>
            """);

        var article = Extractor.Extract(html, "https://valley.example/news/flood");

        Assert.Contains("1. The river rose four metres overnight", article.Text, StringComparison.Ordinal);
        Assert.Contains("Later 2. The river rose", article.Text, StringComparison.Ordinal);
        foreach (var furniture in new[] { "Home", "cookies", "Share on X", "Ana Ruiz", "Storm warning", "Advertisement", "kettles", "Reader comment", "Copyright" })
        {
            Assert.DoesNotContain(furniture, article.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Extract_KeepsHeadingsListsTablesLinksAndQuotesInMarkdown()
    {
        var html = Page($"""
            <article>
              {Paragraphs(2)}
              <h2>What the council said</h2>
              <p>The council published <a href="/reports/flood.pdf">its flood report</a> and a <strong>warning</strong> for <em>all</em> residents.</p>
              <ul><li>Boil drinking water.</li><li>Keep away from the river bank.</li></ul>
              <ol><li>Call the hotline.</li><li>Wait for the rescue team.</li></ol>
              <blockquote><p>We have never seen the river this high.</p></blockquote>
              <table><thead><tr><th>Town</th><th>Homes flooded</th></tr></thead><tbody><tr><td>Lower town</td><td>120</td></tr><tr><td>Mill end</td><td>35</td></tr></tbody></table>
              {Paragraphs(2, "After ")}
            </article>
            """);

        var article = Extractor.Extract(html, "https://valley.example/news/flood");

        Assert.Contains("## What the council said", article.Markdown, StringComparison.Ordinal);
        Assert.Contains("[its flood report](https://valley.example/reports/flood.pdf)", article.Markdown, StringComparison.Ordinal);
        Assert.Contains("**warning**", article.Markdown, StringComparison.Ordinal);
        Assert.Contains("*all*", article.Markdown, StringComparison.Ordinal);
        Assert.Contains("- Boil drinking water.\n- Keep away from the river bank.", article.Markdown, StringComparison.Ordinal);
        Assert.Contains("1. Call the hotline.\n2. Wait for the rescue team.", article.Markdown, StringComparison.Ordinal);
        Assert.Contains("> We have never seen the river this high.", article.Markdown, StringComparison.Ordinal);
        Assert.Contains("| Town | Homes flooded |\n| --- | --- |\n| Lower town | 120 |\n| Mill end | 35 |", article.Markdown, StringComparison.Ordinal);

        // The plain text has the same words without the markup.
        Assert.Contains("The council published its flood report and a warning for all residents.", article.Text, StringComparison.Ordinal);
        Assert.Contains("What the council said", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("](", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("**", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_ReadsTitleBylineDateAndLanguageFromMetadata()
    {
        var head = """
            <title>Flood cuts valley road | Valley Post</title>
            <meta property="og:title" content="Flood cuts valley road - Valley Post">
            <meta name="author" content="By Ana Ruiz">
            <meta property="article:published_time" content="2024-03-05T07:30:00+01:00">
            """;

        var article = Extractor.Extract(Page("<article><h1>Flood cuts valley road</h1>" + Paragraphs(3) + "</article>", head));

        Assert.Equal("Flood cuts valley road", article.Title);
        Assert.Equal("Ana Ruiz", article.Byline);
        Assert.Equal("2024-03-05T07:30:00+01:00", article.Published);
        Assert.Equal("en-GB", article.Language);
        Assert.DoesNotContain("Flood cuts valley road", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_ReadsJsonLdArticleMetadata()
    {
        var head = """
            <title>Valley Post</title>
            <script type="application/ld+json">
            {"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Valley Post"},
             {"@type":"NewsArticle","headline":"Flood cuts valley road","datePublished":"2024-03-05",
              "author":[{"@type":"Person","name":"Ana Ruiz"},{"@type":"Person","name":"Tom Berg"}],"inLanguage":"en"}]}
            </script>
            """;

        var article = Extractor.Extract(Page("<article>" + Paragraphs(3) + "</article>", head).Replace(" lang=\"en-gb\"", "", StringComparison.Ordinal));

        Assert.Equal("Flood cuts valley road", article.Title);
        Assert.Equal("Ana Ruiz, Tom Berg", article.Byline);
        Assert.Equal("2024-03-05", article.Published);
        Assert.Equal("en", article.Language);
    }

    [Fact]
    public void Extract_GuessesLanguageWhenThePageDeclaresNone()
    {
        const string german = "Der Fluss ist in der Nacht um vier Meter gestiegen, und die Stadt hat die Schule für die Menschen geöffnet. " +
            "Die Bewohner sagen, dass das Wasser schneller kam als bei jedem anderen Hochwasser, an das sie sich erinnern.";
        var html = $"<html><head><title>Hochwasser</title></head><body><article><p>{german}</p><p>{german}</p><p>{german}</p></article></body></html>";

        Assert.Equal("de", Extractor.Extract(html).Language);
    }

    [Fact]
    public void Extract_DropsHiddenElementsAndScripts()
    {
        var html = Page($$"""
            <article>{{Paragraphs(3)}}
              <p style="display: none">Hidden teaser text that readers never see on the page at all.</p>
              <p hidden>Another hidden paragraph with plenty of words in it, never shown.</p>
              <script>var tracking = "script text never shown";</script>
              <style>.x { color: red }</style>
            </article>
            """);

        var text = Extractor.Extract(html).Text;

        Assert.DoesNotContain("Hidden teaser", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Another hidden", text, StringComparison.Ordinal);
        Assert.DoesNotContain("tracking", text, StringComparison.Ordinal);
        Assert.DoesNotContain("color", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_FindsArticleInAContainerWithAnUnlikelyName()
    {
        // The strict pass drops containers named like sidebars; finding too little, a looser pass runs.
        var html = Page($"""<div class="social-wrapper">{Paragraphs(2)}</div>""");

        var text = Extractor.Extract(html).Text;

        Assert.Contains("2. The river rose four metres overnight", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_KeepsCitedAddressesButDropsPromotionLinks()
    {
        var html = Page($"""
            <article>{Paragraphs(3)}
              <p><strong>READ MORE:</strong> <a href="/other">Storm warning issued for the whole coast tonight</a></p>
              <p><a href="https://www.example.org/report.pdf">https://www.example.org/report.pdf</a></p>
            </article>
            """);

        var text = Extractor.Extract(html).Text;

        Assert.DoesNotContain("Storm warning", text, StringComparison.Ordinal);
        Assert.Contains("https://www.example.org/report.pdf", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_SeparatesLinkWordsInTextWithoutSpaces()
    {
        var html = Page("<article><p>今回はそのKindleデスクトップアプリ<a href=\"/k\">Kindle for PC</a>に関する話。" + new string('あ', 30) + "、" + new string('い', 30) + "。</p></article>");

        Assert.Contains("アプリ Kindle for PC に関する話", Extractor.Extract(html).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_EmptyOrBodilessPage_ReturnsEmptyText()
    {
        Assert.Equal("", Extractor.Extract("").Text);
        Assert.Equal("", Extractor.Extract("<html><head><title>Nothing here</title></head></html>").Text);
        Assert.Equal("Nothing here", Extractor.Extract("<html><head><title>Nothing here</title></head></html>").Title);
    }

    [Fact]
    public void Extract_NormalisesWrittenDatesAndSkipsPlaceholders()
    {
        var head = """
            <title>Flood cuts valley road</title>
            <script type="application/ld+json">{"@type":"NewsArticle","headline":"Flood cuts valley road","datePublished":"0001-01-01T00:00:00Z"}</script>
            <meta name="date" content="November 19, 2019, 07:47 PM EST">
            """;

        var article = Extractor.Extract(Page("<article>" + Paragraphs(3) + "</article>", head));

        Assert.Equal("2019-11-19T19:47:00-05:00", article.Published);
    }

    [Fact]
    public void Extract_BylineFromMarkup_KeepsNamesApartAndDropsTheDate()
    {
        var body = "<article><div class=\"byline\"><span>By ANA RUIZ</span><span>Associated Press</span> Published 11:34 PM EST Nov 19, 2019</div>" + Paragraphs(3) + "</article>";

        var article = Extractor.Extract(Page(body));

        Assert.Equal("ANA RUIZ Associated Press", article.Byline);
        Assert.DoesNotContain("Associated Press", article.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<p>", "</p>")] // some sites put HTML in articleBody
    [InlineData("", "\\n")] // others plain text, one paragraph a line
    public void Extract_ScriptRenderedPage_FallsBackToTheJsonLdArticleBody(string open, string close)
    {
        var body = string.Join("", Enumerable.Range(1, 4).Select(i => $"{open}{i}. {Prose}{close}"));
        var head = $$"""
            <title>Flood cuts valley road</title>
            <script type="application/ld+json">{"@type":"NewsArticle","headline":"Flood cuts valley road","articleBody":"{{body}}"}</script>
            """;

        var article = Extractor.Extract(Page("<div id=\"root\"><p>Loading…</p></div><script src=\"/app.js\"></script>", head));

        Assert.StartsWith("1. The river rose four metres overnight", article.Text, StringComparison.Ordinal);
        Assert.Contains("\n\n4. The river rose", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_HeadingsCarryNoEmphasisAroundTheWholeOfThem()
    {
        var html = Page($"""
            <article>{Paragraphs(2)}
              <h2><strong>Who should attend</strong></h2>{Paragraphs(1, "Then ")}
              <h3><em>Costs</em></h3>{Paragraphs(1, "Also ")}
              <h4><b><i>Grants</i></b></h4>{Paragraphs(1, "More ")}
              <h2><b>Fees</b> and <b>grants</b></h2>{Paragraphs(1, "Last ")}
            </article>
            """);

        var markdown = Extractor.Extract(html, "https://valley.example/news/flood").Markdown;

        Assert.Contains("\n## Who should attend\n", markdown, StringComparison.Ordinal);
        Assert.Contains("\n### Costs\n", markdown, StringComparison.Ordinal);
        Assert.Contains("\n#### Grants\n", markdown, StringComparison.Ordinal);
        Assert.Contains("\n## **Fees** and **grants**\n", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_DropsCaptionsButKeepsTheImageInMarkdown()
    {
        var html = Page($"""
            <article>{Paragraphs(2)}
              <figure><img src="/img/river.jpg" alt="The flooded lower town"><figcaption>Water reached the first floors. Photo: Ana Ruiz</figcaption></figure>
              <div><img src="/img/road.jpg" alt="The valley road under water at dawn"><br><span>The valley road under water at dawn</span></div>
              {Paragraphs(2, "After ")}
            </article>
            """);

        var article = Extractor.Extract(html, "https://valley.example/news/flood");

        Assert.DoesNotContain("first floors", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("under water at dawn", article.Text, StringComparison.Ordinal);
        Assert.Contains("![The flooded lower town](https://valley.example/img/river.jpg)", article.Markdown, StringComparison.Ordinal);
        Assert.Contains("After 2. The river rose", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_DropsTagListsButKeepsTaggedWordsInSentences()
    {
        var html = Page($"""
            <article>{Paragraphs(3)}
              <p>Crews are used to <a href="/tags/floods" rel="tag">floods</a> in spring, but not in November.</p>
              <p><strong>Tags</strong></p>
              <p><a href="/tags/rivers" rel="tag">rivers</a>, <a href="/tags/valley" rel="tag">valley road</a>, <a href="/tags/weather" rel="tag">weather warnings</a></p>
            </article>
            """);

        var text = Extractor.Extract(html).Text;

        Assert.Contains("Crews are used to floods in spring, but not in November.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("weather warnings", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Tags", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_PhotoEssay_KeepsTheCaptionsThatAreItsText()
    {
        var figures = string.Concat(Enumerable.Range(1, 6).Select(i => $"<figure><img src=\"/p{i}.jpg\" alt=\"\"><figcaption>{i}. {Prose}</figcaption></figure>"));

        var text = Extractor.Extract(Page($"<article>{figures}</article>")).Text;

        Assert.Contains("6. The river rose four metres overnight", text, StringComparison.Ordinal);
    }
}
