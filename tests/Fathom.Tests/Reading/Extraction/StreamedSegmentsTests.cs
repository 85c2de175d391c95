using AngleSharp.Html.Parser;
using Fathom.Reading.Extraction;

namespace Fathom.Tests.Reading.Extraction;

public sealed class StreamedSegmentsTests
{
    // The shape React's streaming server writes: a boundary's loading placeholder, a template to fill,
    // then the late parts, hidden, each with the call that moves it.
    private const string Streamed = """
        <html><body><main><h1>Your fastest path to production</h1>
        <!--$?--><template id="B:0"></template><div class="spinner">Loading…</div><!--/$-->
        <p>Between the parts.</p><template id="P:1"></template></main>
        <footer>© Example</footer>
        <div hidden id="S:0"><section><h2>Deploy your code</h2><p>Connect your repository and push.</p></section></div>
        <script>$RC=function(b,c){};$RC("B:0","S:0")</script>
        <div hidden id="S:1"><p>Scale from the first user to the billionth.</p></div>
        <script>$RS("S:1","P:1")</script>
        </body></html>
        """;

    [Fact]
    public void Place_MovesEachLatePartIntoItsPlace_AndDropsThePlaceholders()
    {
        var document = new HtmlParser().ParseDocument(Streamed);

        StreamedSegments.Place(document, Streamed);

        var main = document.QuerySelector("main")!;
        Assert.Equal(
            ["Your fastest path to production", "Deploy your code", "Connect your repository and push.", "Between the parts.", "Scale from the first user to the billionth."],
            main.QuerySelectorAll("h1, h2, p").Select(e => e.TextContent));
        Assert.Null(document.QuerySelector("[hidden]"));
        Assert.Null(document.QuerySelector("template"));
        Assert.DoesNotContain("Loading", main.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Place_FillsAPlaceholderThatALatePartBroughtIn_AndANestedBoundaryAsAWhole()
    {
        var html = """
            <html><body><main><!--$?--><template id="B:0"></template><p>Loading…</p><!--/$--></main>
            <div hidden id="S:0"><h2>Plans</h2><!--$--><p>Inner boundary, already shown.</p><!--/$--><template id="P:1"></template></div>
            <div hidden id="S:1"><p>Pro: 19 a month.</p></div>
            <script>$RC("B:0","S:0");$RS("S:1","P:1")</script>
            </body></html>
            """;
        var document = new HtmlParser().ParseDocument(html);

        StreamedSegments.Place(document, html);

        Assert.Equal(["Plans", "Inner boundary, already shown.", "Pro: 19 a month."], document.QuerySelectorAll("main > *").Select(e => e.TextContent));
    }

    [Fact]
    public void Place_FollowsIdsAnAppPrefixed()
    {
        var html = """
            <html><body><main><!--$?--><template id="shop-B:0"></template><p>Loading…</p><!--/$--></main>
            <div hidden id="shop-S:0"><p>Free returns within 30 days.</p></div>
            <script>$RC("shop-B:0","shop-S:0")</script>
            </body></html>
            """;
        var document = new HtmlParser().ParseDocument(html);

        StreamedSegments.Place(document, html);

        Assert.Equal("Free returns within 30 days.", document.QuerySelector("main")!.TextContent.Trim());
    }

    [Fact]
    public void Place_LeavesAPageWithoutCallsAsItIs_AndIgnoresACallWhosePartIsMissing()
    {
        var plain = "<html><body><div hidden id=\"S:0\"><p>Hidden for a reason.</p></div></body></html>";
        var broken = "<html><body><p>Shown.</p><script>$RC(\"B:9\",\"S:9\")</script></body></html>";
        var first = new HtmlParser().ParseDocument(plain);
        var second = new HtmlParser().ParseDocument(broken);

        StreamedSegments.Place(first, plain);
        StreamedSegments.Place(second, broken);

        Assert.NotNull(first.QuerySelector("div[hidden] p"));
        Assert.Equal("Shown.", second.QuerySelector("p")!.TextContent);
    }

    [Fact]
    public void Extract_ReadsTheLateParts_AsTheBrowserShowsThem()
    {
        var article = new ArticleExtractor().Extract(Streamed.Replace("<p>Connect your repository and push.</p>", "<p>" + string.Concat(Enumerable.Repeat("Connect your repository and push, and every commit deploys itself. ", 8)) + "</p>", StringComparison.Ordinal));

        Assert.Contains("every commit deploys itself", article.Text, StringComparison.Ordinal);
    }
}
