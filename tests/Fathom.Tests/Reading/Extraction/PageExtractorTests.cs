using Fathom.Reading;
using Fathom.Reading.Extraction;
using Fathom.Reading.Extraction.Blocks;

namespace Fathom.Tests.Reading.Extraction;

public sealed class PageExtractorTests
{
    [Fact]
    public void TreeEnsemble_ReadsWhatItWrites_AndSplitsLeftOnEqual()
    {
        // One tree: x0 <= 0.5 ? (x1 <= 2 ? leaf0 : leaf1) : leaf2, weight 0.5; and a bias tree.
        var text = new StringWriter();
        TreeEnsemble.WriteAll(text, [("block", 1.25f, [([0, 1], [0.5f, 2f], [1, ~0], [~2, ~1], [1f, 2f, 4f], 0.5f), ([], [], [], [], [-0.25f], 1f)])]);

        var ensemble = TreeEnsemble.ReadAll(new StringReader(text.ToString())).Single();

        Assert.Equal("block", ensemble.Label);
        Assert.Equal(1.25f, ensemble.Threshold);
        Assert.Equal(0.5f * 1f - 0.25f, ensemble.Score([0.5f, 2f]));
        Assert.Equal(0.5f * 2f - 0.25f, ensemble.Score([0.1f, 3f]));
        Assert.Equal(0.5f * 4f - 0.25f, ensemble.Score([0.6f, 0f]));
    }

    [Fact]
    public void TreeEnsemble_TruncatedModel_FailsWithAClearMessage()
    {
        var error = Assert.Throws<InvalidDataException>(() => TreeEnsemble.ReadAll(new StringReader("ensemble block 2 0\ntree 0 1\n\n\n\n\n1\n")));

        Assert.Contains("ends in the middle of a tree", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmbeddedModels_MatchTheFeaturesTheEngineComputes()
    {
        var models = ExtractionModels.Default;

        Assert.Equal(Enum.GetNames<PageType>().Select(n => n.ToLowerInvariant()).Order(), models.PageTypes.Select(m => m.Label).Order());
        Assert.True(models.Blocks.Score(new float[BlockFeatures.Names.Length]) is var score && float.IsFinite(score));
        Assert.True(models.PageTypes.All(m => float.IsFinite(m.Score(new float[PageTypeFeatures.Names.Length]))));
        Assert.True(models.Context is null || float.IsFinite(models.Context.Score(new float[ContextFeatures.Names.Length])));
        Assert.Equal(ContextFeatures.TypeOrder, Enum.GetNames<PageType>().Select(n => n.ToLowerInvariant()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Forum_KeepsEveryPostWithItsAuthor_DropsVoteAndReplyWidgets()
    {
        var posts = string.Concat(Enumerable.Range(1, 4).Select(i => $"""
            <article class="post" id="post-{i}">
              <div class="post-meta"><span class="author">user{i}</span> <time datetime="2024-09-0{i}">September {i}, 2024</time></div>
              <div class="post-body"><p>Post number {i} explains in some detail why the resolver picks the wrong address when the
              container starts before the network is up, and what changed after the update was installed on the host.</p></div>
              <div class="post-actions"><button class="vote">Like</button> <a class="reply" href="#reply">Reply</a> <span class="vote-count">{i * 3}</span></div>
            </article>
            """));
        var html = $"""
            <html><head><title>Resolver picks the wrong address - Help - Example Forums</title>
            <script type="application/ld+json">{"{"}"@context":"https://schema.org","@type":"DiscussionForumPosting","headline":"Resolver picks the wrong address"{"}"}</script></head>
            <body><header><nav><a href="/">Home</a> <a href="/latest">Latest</a> <a href="/top">Top</a></nav></header>
            <main><h1>Resolver picks the wrong address</h1>{posts}</main>
            <footer><a href="/tos">Terms of Service</a> <a href="/privacy">Privacy</a></footer></body></html>
            """;

        var article = new PageExtractor().Extract(html, "https://forums.example.org/t/resolver-picks-the-wrong-address/1234");

        for (var i = 1; i <= 4; i++)
        {
            Assert.Contains($"Post number {i} explains", article.Text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Terms of Service", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Latest", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Documentation_KeepsCodeBlocksTablesAndHeadingsInTheMarkdown()
    {
        var html = """
            <html><head><title>Configuration reference — Example Docs</title></head><body>
            <nav class="sidebar"><ul><li><a href="/docs/install">Install</a></li><li><a href="/docs/config">Configuration</a></li><li><a href="/docs/cli">CLI</a></li></ul></nav>
            <main class="docs-content"><h1>Configuration reference</h1>
            <p>The service reads its settings from a file in the working directory, and every setting can be overridden by an environment variable of the same name.</p>
            <h2>Settings</h2>
            <table><thead><tr><th>Name</th><th>Default</th><th>Meaning</th></tr></thead>
            <tbody><tr><td>port</td><td>8080</td><td>The port the server listens on.</td></tr><tr><td>workers</td><td>4</td><td>How many requests run at once.</td></tr></tbody></table>
            <h2>Example</h2>
            <p>A file that moves the server to another port and doubles its workers looks like this:</p>
            <pre><code>port = 9090
            workers = 8</code></pre>
            <p>Restart the service after changing the file; environment variables are read at start-up only.</p>
            </main></body></html>
            """;

        var article = new PageExtractor().Extract(html, "https://docs.example.org/docs/config");

        Assert.Contains("## Settings", article.Markdown, StringComparison.Ordinal);
        Assert.Contains("| port | 8080 |", article.Markdown, StringComparison.Ordinal);
        Assert.Contains("```", article.Markdown, StringComparison.Ordinal);
        Assert.Contains("workers = 8", article.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Fallback_ReadsTheStory_OfAPageOfAnotherKindTheClassifierKeptNothingOf()
    {
        // A municipal news story the type scorer took for a listing: the classifier kept nothing.
        const string Story = "The home care team of the Amizade district found two of its five cars broken into this morning. "
            + "Both had their batteries taken and were damaged; the police came to look at the cars. "
            + "Patients booked for the morning are being given new appointments, and the health office expects "
            + "the service to be back to normal by the afternoon.";
        var html = "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav><div class='col'><p class='title'>Cars broken into</p>"
            + "<p>" + Story + "</p></div></body></html>";
        var empty = new Article("Cars broken into", "", "", Type: PageType.Listing);

        var read = PageExtractor.WithFallback(empty, html, "https://city.example/news/cars");
        var kept = PageExtractor.WithFallback(empty with { Text = "Two listings found in the Amizade district, both for home care." }, html, null);
        var menu = PageExtractor.WithFallback(empty, "<html><body><nav><a href='/'>Home</a></nav><p>Loading.</p></body></html>", null);

        Assert.Contains("Patients booked for the morning", read.Text, StringComparison.Ordinal);
        Assert.Equal(PageType.Listing, read.Type);
        Assert.Equal("Two listings found in the Amizade district, both for home care.", kept.Text);
        Assert.Equal("", menu.Text);
    }
}
