using Fathom.Reading;
using Fathom.Reading.Extraction;
using Fathom.Reading.Extraction.Blocks;
using Fathom.Tests.Support;
using Block = Fathom.Reading.Extraction.Blocks.ArticleBounds.Block;

namespace Fathom.Tests.Reading.Extraction;

public sealed class ArticleBoundsTests
{
    private static readonly string Words50 = string.Join(' ', Enumerable.Range(0, 50).Select(i => (i % 3) switch { 0 => "dishwasher", 1 => "cleaning", _ => "cycle" }));

    [Fact]
    public void Apply_KeepsOnlyTheRulePassRegion_WhereItSharesEnoughKeptText()
    {
        Block[] blocks = [Prose(false, 40), Prose(true, 60), Prose(true, 30), Prose(false, 40)];
        bool[] keep = [true, true, true, true];

        ArticleBounds.Apply(keep, blocks);

        Assert.Equal([false, true, true, false], keep);
    }

    [Fact]
    public void Apply_LeavesTheClassifierAlone_WhereTheRegionHoldsLittleOfWhatItKept()
    {
        Block[] blocks = [Prose(false, 400), Prose(true, 30), Prose(false, 40)];
        bool[] keep = [true, true, true];

        ArticleBounds.Apply(keep, blocks);

        Assert.Equal([true, true, true], keep);
    }

    [Fact]
    public void Features_CountWordsAsContentTokensDo()
    {
        // The bags are counted from match positions without a string per word: the cosine must be the
        // one that bags of Words.ContentTokens give, to the last bit (the same words, in the same order).
        var longWord = new string('Ä', 70);
        Block[] blocks =
        [
            new(true, 9, 0, "The OVEN and the oven: İstanbul Straße, 42 ovens " + longWord, 0, -1),
            new(true, 6, 0, "Ovens of the kind we TESTED in Straße", 0, -1),
            new(false, 8, 0, "the Oven we tested; İSTANBUL ovens and fridges " + longWord.ToLowerInvariant(), 0, -1),
        ];
        float[] scores = [1, 1, 1];

        var features = ArticleBounds.Features(blocks, scores, 0, "Oven tests");
        var region = Bag(blocks[0].Text + " " + blocks[1].Text);
        var outside = Bag(blocks[2].Text);

        Assert.Equal(Cosine(region, outside), features[Array.IndexOf(ArticleBounds.Names, "region_outside_cosine")]);
    }

    private static Dictionary<string, int> Bag(string text)
    {
        var bag = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var word in Fathom.Text.Words.ContentTokens(text))
        {
            bag[word] = bag.GetValueOrDefault(word) + 1;
        }

        return bag;
    }

    private static float Cosine(Dictionary<string, int> a, Dictionary<string, int> b)
    {
        double dot = 0, na = 0, nb = 0;
        foreach (var (word, n) in a)
        {
            na += (double)n * n;
            dot += b.TryGetValue(word, out var m) ? (double)n * m : 0;
        }

        foreach (var n in b.Values)
        {
            nb += (double)n * n;
        }

        return (float)(dot / Math.Sqrt(na * nb));
    }

    [Fact]
    public void Features_DescribeHowTheKeptTextLiesAroundTheRegion()
    {
        Block[] blocks =
        [
            new(false, 5, 0, "Related: Ovens we tested", 2, 0),
            new(false, 50, 0, Words50, 0, 0),
            new(true, 100, 0, Words50 + " " + Words50, 0, 1),
            new(false, 30, 30, "Read more stories about kitchens and ovens and fridges today", 0, -1),
            new(false, 20, 0, "A footer nobody keeps", 0, -1),
        ];
        float[] scores = [1, 2, 3, 1, -1];

        var features = ArticleBounds.Features(blocks, scores, 0, "Dishwasher cleaning cycle");
        float F(string name) => features[Array.IndexOf(ArticleBounds.Names, name)];

        Assert.Equal(ArticleBounds.Names.Length, features.Length);
        Assert.Equal(MathF.Log(1 + 185), F("kept_words_log"));
        Assert.Equal(100f / 185, F("kept_in_region_share"), 4);
        Assert.Equal(1, F("region_kept_share"));
        Assert.Equal(55f / 185, F("outside_before_share"), 4);
        Assert.Equal(30f / 185, F("outside_after_share"), 4);
        Assert.Equal(1, F("outside_headings"));
        Assert.Equal(1, F("outside_top_headings"));
        Assert.Equal(2, F("article_elements"));
        Assert.Equal(1, F("outside_article_elements"));
        Assert.Equal(1, F("title_in_region"));
        Assert.True(F("region_outside_cosine") > 0.5, "the region and the kept text before it share their words");

        // Outside the region: two runs (the heading with the paragraph under it, and the line after
        // the region), 85 words in 3 blocks, the longer run 55 words, the nearest one block away.
        Assert.Equal(2, F("outside_runs"));
        Assert.Equal(MathF.Log(1 + (85f / 3)), F("outside_words_per_block_log"), 4);
        Assert.Equal(MathF.Log(1 + 100), F("region_words_per_block_log"), 4);
        Assert.Equal(55f / 85, F("outside_largest_run_share"), 4);
        Assert.Equal(MathF.Log(2), F("outside_gap_log"), 4);
        Assert.Equal(0, F("outside_link_blocks_share"));
        Assert.Equal(0, F("outside_excerpt_share"));
    }

    [Fact]
    public void Features_MeasureTheKeptWordsOutsideTheRegionThatAreExcerpts()
    {
        Block[] blocks =
        [
            new(true, 100, 0, Words50 + " " + Words50, 0, -1),
            new(false, 20, 10, "Council approves budget: The council voted on Tuesday to approve a budget that…", 0, -1),
            new(false, 20, 10, "Storm closes schools: Schools across the county will stay closed on Friday as...", 0, -1),
            new(false, 40, 0, Words50, 0, -1),
            new(false, 20, 0, "Teaser of a story nobody keeps, cut off...", 0, -1),
        ];
        float[] scores = [3, 1, 1, 1, -1];

        var features = ArticleBounds.Features(blocks, scores, 0, "Dishwasher cleaning cycle");

        Assert.Equal(40f / 80, features[Array.IndexOf(ArticleBounds.Names, "outside_excerpt_share")], 4);
    }

    [Fact]
    public void Extractor_FollowsTheBoundsScorer_OnAnArticleTheRulePassReadsInPart()
    {
        // A round-up of reviews: the rule pass takes the introduction's container, the reviews lie beside it.
        const string Url = "https://www.reviewed.com/dishwashers/features/best-year-2025-appliances";
        var html = ReadPage("0010");
        var free = new PageExtractor(Models(always: 1f)).Extract(html, Url);
        var bounded = new PageExtractor(Models(always: -1f)).Extract(html, Url);
        var unshipped = new PageExtractor(Models(always: null)).Extract(html, Url);

        Assert.Equal(PageType.Article, free.Type);
        Assert.Contains("Bosch 800 Series", free.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Bosch 800 Series", bounded.Text, StringComparison.Ordinal);
        Assert.Equal(unshipped.Text, bounded.Text);
        Assert.Contains("Funny enough, buying a new large appliance", bounded.Text, StringComparison.Ordinal);
    }

    private static Block Prose(bool inArticle, int words) => new(inArticle, words, 0, "text", 0, -1);

    private static ExtractionModels Models(float? always)
    {
        var assembly = typeof(ExtractionModels).Assembly;
        using var blocks = new StreamReader(assembly.GetManifestResourceStream("Fathom.Reading.Extraction.Models.blocks.model")!);
        using var types = new StreamReader(assembly.GetManifestResourceStream("Fathom.Reading.Extraction.Models.page-types.model")!);
        using var names = new StreamReader(assembly.GetManifestResourceStream("Fathom.Reading.Extraction.Models.name-evidence.model")!);
        if (always is not { } leaf)
        {
            return ExtractionModels.From(blocks, null, types, names: names);
        }

        var bounds = new StringWriter();
        TreeEnsemble.WriteAll(bounds, [("bounds", 0f, [([], [], [], [], [leaf], 1f)])]);
        return ExtractionModels.From(blocks, null, types, new StringReader(bounds.ToString()), names);
    }

    private static string ReadPage(string id) => GzippedPage.Read(Path.Combine(RepoPaths.Shared, "data", "pages", "html", id + ".html.gz"));
}
