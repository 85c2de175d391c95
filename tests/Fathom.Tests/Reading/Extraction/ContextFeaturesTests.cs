using Fathom.Reading.Extraction;
using Fathom.Reading.Extraction.Blocks;

namespace Fathom.Tests.Reading.Extraction;

public sealed class ContextFeaturesTests
{
    private const string Html = """
        <html><body>
        <nav><ul><li><a href="/a">Home</a></li><li><a href="/b">About</a></li></ul></nav>
        <main><p>The first paragraph of the story has a few words in it.</p><p>The second paragraph follows it here.</p></main>
        <footer><p>Copyright</p></footer>
        </body></html>
        """;

    [Fact]
    public void Compute_AppendsWhatTheFirstStageScoresSayAroundEachBlock()
    {
        var page = PageAnalysis.Of(Html, "https://example.org/story");
        var texts = page.Blocks.Select(b => b.Text).ToList();
        Assert.Equal(["Home", "About", "The first paragraph of the story has a few words in it.", "The second paragraph follows it here.", "Copyright"], texts);
        float[] scores = [-3, -2, 4, 2, -5];

        var vectors = ContextFeatures.Compute(BlockLayout.Of(page.Blocks), page.Features, scores, 0, [1, 2, 3, 4, 5, 6, 7]);

        Assert.All(vectors, v => Assert.Equal(ContextFeatures.Names.Length, v.Length));
        Assert.Equal(page.Features[2], vectors[2][..BlockFeatures.Names.Length]);
        float Feature(int block, string name) => vectors[block][Array.IndexOf(ContextFeatures.Names, name)];

        // The two paragraphs share their parent (main): its word-weighted mean, maximum and share above the threshold.
        var first = page.Blocks[2].Words + 1;
        var second = page.Blocks[3].Words + 1;
        Assert.Equal(((first * 4f) + (second * 2f)) / (first + second), Feature(2, "c1_mean"), 4);
        Assert.Equal(Feature(2, "c1_mean"), Feature(3, "c1_mean"));
        Assert.Equal(4, Feature(3, "c1_max"));
        Assert.Equal(1, Feature(3, "c1_share"));
        Assert.Equal(0, Feature(0, "c2_share"));

        // Neighbours, the distance to the nearest kept block, the rank and the page's distribution.
        Assert.Equal(4, Feature(3, "s_prev1"));
        Assert.Equal(-5, Feature(3, "s_next1"));
        Assert.Equal(MathF.Log(1 + 2), Feature(0, "gap_next"));
        Assert.Equal(1, Feature(2, "rank"));
        Assert.Equal(0, Feature(4, "rank"));
        Assert.Equal(4, Feature(0, "page_max"));
        Assert.Equal(-2, Feature(2, "page_q50"));
        Assert.Equal(6, Feature(0, "type_product"));
    }

    [Fact]
    public void Compute_RepeatedStructuresShareTheirScores()
    {
        var page = PageAnalysis.Of(Html, null);
        float[] scores = [-3, 1, 4, 2, -5];

        var vectors = ContextFeatures.Compute(BlockLayout.Of(page.Blocks), page.Features, scores, 0, new float[7]);

        // The two menu items have one structure (li in ul in nav): the mean of their scores, both ways.
        var sigMean = Array.IndexOf(ContextFeatures.Names, "sig_mean");
        var words = page.Blocks[0].Words + 1;
        Assert.Equal(((words * -3f) + ((page.Blocks[1].Words + 1) * 1f)) / (words + page.Blocks[1].Words + 1), vectors[0][sigMean], 4);
        Assert.Equal(vectors[0][sigMean], vectors[1][sigMean]);
    }

    [Fact]
    public void Extractor_WithASecondStage_KeepsWhatItsScoresAndThresholdKeep()
    {
        var posts = string.Concat(Enumerable.Range(1, 4).Select(i => $"""
            <article class="post"><div class="author">user{i}</div><p>Post number {i} explains in some detail why the resolver picks the wrong
            address when the container starts before the network is up, and what changed after the update was installed.</p></article>
            """));
        var html = $"""
            <html><head><title>Resolver picks the wrong address - Example Forums</title>
            <script type="application/ld+json">{"{"}"@context":"https://schema.org","@type":"DiscussionForumPosting"{"}"}</script></head>
            <body><nav><a href="/">Home</a> <a href="/latest">Latest</a></nav><main><h1>Resolver picks the wrong address</h1>{posts}</main></body></html>
            """;
        const string Url = "https://forums.example.org/t/resolver/1234";
        var first = new PageExtractor().Extract(html, Url);

        // A second stage that repeats the first stage's decision (its own score "s" against the first threshold) reads the same.
        var sIndex = Array.IndexOf(ContextFeatures.Names, "s");
        var same = new PageExtractor(Models(Ensemble([sIndex], [ExtractionModels.Default.Blocks.Threshold], [~0], [~1], [-1f, 1f]))).Extract(html, Url);
        Assert.Equal(first.Text, same.Text);
        Assert.Contains("Post number 3 explains", same.Text, StringComparison.Ordinal);

        // One that rejects every block keeps none of them: the engine reads its scores and its threshold
        // (read before the fallback, which would give a page read as empty the rule pass's reading).
        var none = new PageExtractor(Models(Ensemble([], [], [], [], [-1f]))).Extract(PageAnalysis.Of(html, Url));
        Assert.DoesNotContain("Post number", none.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_OfAnEmptyPage_IsEmpty()
    {
        var page = PageAnalysis.Of("<html><body></body></html>", null);

        Assert.Empty(ContextFeatures.Compute(BlockLayout.Of(page.Blocks), page.Features, [], 0, new float[7]));
    }

    private static string Ensemble(int[] feature, float[] threshold, int[] left, int[] right, float[] leaves)
    {
        var text = new StringWriter();
        TreeEnsemble.WriteAll(text, [("block", 0f, [(feature, threshold, left, right, leaves, 1f)])]);
        return text.ToString();
    }

    private static ExtractionModels Models(string context)
    {
        var assembly = typeof(ExtractionModels).Assembly;
        using var blocks = new StreamReader(assembly.GetManifestResourceStream("Fathom.Reading.Extraction.Models.blocks.model")!);
        using var types = new StreamReader(assembly.GetManifestResourceStream("Fathom.Reading.Extraction.Models.page-types.model")!);
        using var names = new StreamReader(assembly.GetManifestResourceStream("Fathom.Reading.Extraction.Models.name-evidence.model")!);
        return ExtractionModels.From(blocks, new StringReader(context), types, names: names);
    }
}
