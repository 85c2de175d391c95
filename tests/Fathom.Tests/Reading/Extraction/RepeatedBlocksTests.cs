using AngleSharp.Html.Parser;
using Fathom.Reading;
using Fathom.Reading.Extraction;
using Fathom.Reading.Extraction.Blocks;

namespace Fathom.Tests.Reading.Extraction;

public sealed class RepeatedBlocksTests
{
    private const string Post = "I always use whatever version of Qt comes with the distribution.";

    [Fact]
    public void Drop_KeepsTheFirstCopyOfAKeptText_AndLeavesShortOrUnkeptBlocksAlone()
    {
        var blocks = Blocks($"<p>{Post}</p><p>Reply to this</p><blockquote>{Post}</blockquote><p>Reply to this</p><p>Me too, same here.</p><p>{Post}</p>");
        bool[] keep = [true, true, true, true, true, false];

        RepeatedBlocks.Drop(keep, blocks, minWords: 5);

        Assert.Equal([true, true, false, true, true, false], keep);
    }

    [Fact]
    public void Drop_RemovesAQuotedSentenceOfAnEarlierPost_ButNotTheSameSentenceOutsideAQuotation()
    {
        var sentence = "whatever version of Qt comes with the distribution";
        var blocks = Blocks($"<p>{Post}</p><blockquote><p>{sentence}</p></blockquote><p>I never use {sentence}.</p><p>{sentence}</p>");
        bool[] keep = [true, true, true, true];

        RepeatedBlocks.Drop(keep, blocks);

        Assert.Equal([true, false, true, true], keep);
        Assert.Equal([false, true, false, false], blocks.Select(b => b.Quoted));
    }

    [Fact]
    public void Drop_ComparesOnlyKeptBlocks()
    {
        var blocks = Blocks($"<p>{Post}</p><p>{Post}</p>");
        bool[] keep = [false, true];

        RepeatedBlocks.Drop(keep, blocks);

        Assert.Equal([false, true], keep);
    }

    [Theory]
    [InlineData(PageType.Forum, 1)]
    [InlineData(PageType.Article, 1)]
    [InlineData(PageType.Documentation, 2)]
    public void Keep_WritesARepeatedParagraphOnce_ExceptOnDocumentation(PageType type, int copies)
    {
        var step = "Run the installer again, choose the repair option when asked, and restart the machine afterwards.";
        var page = PageAnalysis.Of($"<html><body><h2>Windows</h2><p>{step}</p><p>Then restart the machine.</p><h2>macOS</h2><p>{step}</p></body></html>", null);
        var scores = page.Blocks.Select(_ => 1f).ToArray();

        var keep = PageExtractor.Keep(page, scores, 0, type, bounded: false);

        Assert.Equal(copies, page.Blocks.Where((b, i) => keep[i] && b.Text == step).Count());
    }

    [Fact]
    public void Keep_KeepsAShortLineInEachSectionItStandsIn_ButOnceWithinASection()
    {
        // A meal plan's template: the same short lines under each plan, and under each plan's own subheadings.
        var line = "Drink 20 to 30 minutes before your workout.";
        var page = PageAnalysis.Of(
            "<html><body>"
            + $"<h2>Plan A</h2><h3>Supplement</h3><p>{line}</p><h3>Meal</h3><p>Eggs and toast.</p><h3>Supplement</h3><p>{line}</p>"
            + $"<h2>Plan B</h2><h3>Supplement</h3><p>{line}</p><h3>Meal</h3><p>Oats and berries.</p>"
            + "</body></html>",
            null);
        var scores = page.Blocks.Select(_ => 1f).ToArray();

        var keep = PageExtractor.Keep(page, scores, 0, PageType.Article, bounded: false);

        // Plan A's second "Supplement" section is the first one again (same headings above it); Plan B's is its own.
        Assert.Equal([true, false, true], page.Blocks.Select((b, i) => (b, i)).Where(x => x.b.Text == line).Select(x => keep[x.i]));
    }

    [Theory]
    [InlineData(PageType.Product, 1)]
    [InlineData(PageType.Forum, 1)]
    [InlineData(PageType.Article, 1)]
    [InlineData(PageType.Collection, 3)]
    public void Keep_LeavesAShortRepeatAlone_AndOnACollectionAnItemsSharedDescription(PageType type, int copies)
    {
        var poster = "Trilby";
        var description = "Comfy coverage that protects your ankles all day.";
        var page = PageAnalysis.Of(
            $"<html><body><p>{poster}</p><p>{description}</p><p>{poster}</p><p>{description}</p><p>{poster}</p><p>{description}</p></body></html>", null);
        var scores = page.Blocks.Select(_ => 1f).ToArray();

        var keep = PageExtractor.Keep(page, scores, 0, type, bounded: false);

        Assert.Equal(3, page.Blocks.Where((b, i) => keep[i] && b.Text == poster).Count());
        Assert.Equal(copies, page.Blocks.Where((b, i) => keep[i] && b.Text == description).Count());
    }

    private static ArticleBounds.Block[] Blocks(string html) => ArticleBounds.Of(BlockSegmenter.Segment(new HtmlParser().ParseDocument("<body>" + html + "</body>").Body!));
}
