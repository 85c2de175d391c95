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
    public void Compute_OfAnEmptyPage_IsEmpty()
    {
        var page = PageAnalysis.Of("<html><body></body></html>", null);

        Assert.Empty(ContextFeatures.Compute(BlockLayout.Of(page.Blocks), page.Features, [], 0, new float[7]));
    }
}
