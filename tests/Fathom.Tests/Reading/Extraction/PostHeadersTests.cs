using Fathom.Reading;
using Fathom.Reading.Extraction;
using Fathom.Reading.Extraction.Blocks;

namespace Fathom.Tests.Reading.Extraction;

public sealed class PostHeadersTests
{
    private const string Thread = """
        <html><body>
        <aside><h3>Top posters</h3><ul><li><a href="/u/alice">alice</a></li><li><a href="/u/bob">bob</a></li></ul></aside>
        <div class="topic">
          <article class="post"><div class="meta"><a href="/u/alice">alice</a></div><time datetime="2024-06-03">Jun 3, 2024</time>
            <div class="body"><p>My fan rattles after the last update, and the noise gets worse as the machine warms up.</p></div>
            <div class="actions"><a href="/login">Reply</a></div></article>
          <article class="post"><div class="meta"><a href="/u/bob">bob</a></div><time datetime="2024-06-04">Jun 4, 2024</time>
            <div class="body"><p>Clean the vents first; a rattle like that is usually dust on the blades, not the update.</p></div>
            <div class="actions"><a href="/login">Reply</a></div></article>
        </div>
        </body></html>
        """;

    [Fact]
    public void Keep_AddsEachKeptPostsAuthorAndDate_NotTheSidebarsNamesOrTheWidgets()
    {
        var page = PageAnalysis.Of(Thread, "https://forum.example/t/fan-rattle/12");
        var keep = page.Blocks.Select(b => b.Element.LocalName == "p").ToArray();

        PostHeaders.Keep(keep, page.Blocks);

        Assert.Equal(
            ["alice", "Jun 3, 2024", "My fan rattles after the last update, and the noise gets worse as the machine warms up.", "bob", "Jun 4, 2024", "Clean the vents first; a rattle like that is usually dust on the blades, not the update."],
            page.Blocks.Where((_, i) => keep[i]).Select(b => b.Text));
    }

    [Fact]
    public void Keep_LeavesAHeaderWhosePostWasNotKept()
    {
        var page = PageAnalysis.Of(Thread, null);
        var keep = page.Blocks.Select(b => b.Text.StartsWith("My fan", StringComparison.Ordinal)).ToArray();

        PostHeaders.Keep(keep, page.Blocks);

        Assert.DoesNotContain(page.Blocks.Where((_, i) => keep[i]), b => b.Text is "bob" or "Jun 4, 2024");
        Assert.Contains(page.Blocks.Where((_, i) => keep[i]), b => b.Text == "alice");
    }

    [Fact]
    public void Keep_AReplyThatNamesWhomItAnswers_KeepsItsOwnHeader()
    {
        // The reply opens with a mention, a link to the other member's profile, as forum software writes one.
        var page = PageAnalysis.Of(Thread.Replace("<p>Clean the vents first;", "<p>Hi <a class=\"mention\" href=\"/u/alice\">@alice</a></p><p>Clean the vents first;", StringComparison.Ordinal), null);
        var keep = page.Blocks.Select(b => b.Element.LocalName == "p").ToArray();

        PostHeaders.Keep(keep, page.Blocks);

        Assert.Equal(
            ["alice", "Jun 3, 2024", "My fan rattles after the last update, and the noise gets worse as the machine warms up.", "bob", "Jun 4, 2024", "Hi @alice", "Clean the vents first; a rattle like that is usually dust on the blades, not the update."],
            page.Blocks.Where((_, i) => keep[i]).Select(b => b.Text));
    }

    [Theory]
    [InlineData(PageType.Forum, true)]
    [InlineData(PageType.Article, false)]
    public void PageExtractor_KeepsPostHeadersOnForumsOnly(PageType type, bool kept)
    {
        var page = PageAnalysis.Of(Thread, null);
        var scores = page.Blocks.Select(b => b.Element.LocalName == "p" ? 1f : -1f).ToArray();

        var keep = PageExtractor.Keep(page, scores, 0, type, bounded: false);

        Assert.Equal(kept, page.Blocks.Where((_, i) => keep[i]).Any(b => b.Text == "alice"));
    }
}
