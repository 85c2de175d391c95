using Fathom.Reading;
using Fathom.Reading.Extraction;
using Fathom.Reading.Extraction.Blocks;

namespace Fathom.Tests.Reading.Extraction;

public sealed class ScriptShellTests
{
    private const string Notice = "You need to enable JavaScript to run this app.";

    [Fact]
    public void Keep_OfAPageItsScriptsBuild_KeepsNothing_EvenWhereTheClassifierKeepsTheNotice()
    {
        var page = PageAnalysis.Of($"<html><head><title>Clearance</title><script>window.app = {{}};</script></head><body><noscript>{Notice}</noscript><div id=\"root\"></div></body></html>", "https://shop.example/clearance");
        var scores = page.Blocks.Select(_ => 1f).ToArray();

        var keep = PageExtractor.Keep(page, scores, 0, PageType.Collection, bounded: false);

        Assert.Contains(page.Blocks, b => b.Text == Notice);
        Assert.DoesNotContain(true, keep);
        Assert.Equal(string.Empty, PageExtractor.Compose(page, scores, 0, PageType.Collection, bounded: false).Text);
    }

    [Fact]
    public void Keep_KeepsTheNoticeWhereThePageHasOtherText_AndAThreadServedInNoscript()
    {
        var thread = string.Join(" ", Enumerable.Repeat("I replaced the fan and the noise stopped after a week of testing.", 5));
        var beside = PageAnalysis.Of($"<html><body><noscript><p>{Notice}</p></noscript><p>Prices drop every Friday at noon.</p></body></html>", null);
        var served = PageAnalysis.Of($"<html><body><noscript><p>{thread}</p></noscript></body></html>", null);

        Assert.False(ScriptShell.IsShell(beside.Blocks));
        Assert.False(ScriptShell.IsShell(served.Blocks));
        Assert.All(PageExtractor.Keep(beside, [1f, 1f], 0, PageType.Collection, bounded: false), Assert.True);
        Assert.Equal([true], PageExtractor.Keep(served, [1f], 0, PageType.Forum, bounded: false));
    }

    [Fact]
    public void IsShell_NeedsWords_AndOnlyNoscriptOnes()
    {
        var empty = PageAnalysis.Of("<html><body><div id=\"root\"></div></body></html>", null);
        var shell = PageAnalysis.Of($"<html><body><div id=\"root\"></div><noscript><div><strong>{Notice}</strong></div></noscript></body></html>", null);

        Assert.False(ScriptShell.IsShell(empty.Blocks));
        Assert.True(ScriptShell.IsShell(shell.Blocks));
    }
}
