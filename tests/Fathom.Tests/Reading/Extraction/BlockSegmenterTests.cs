using AngleSharp.Html.Parser;
using Fathom.Reading.Extraction.Blocks;

namespace Fathom.Tests.Reading.Extraction;

public sealed class BlockSegmenterTests
{
    [Fact]
    public void Segment_EndsABlockOfLooseTextAtABlankLine()
    {
        var blocks = Segment("<div><small><b>05/10/2018</b> - Posted by <a href='/a'>Clara</a></small><br> <br>"
            + "<img src='x.jpg'>The team found two of the five cars broken into this morning.<br>Police came.<br><br><br></div>");

        Assert.Equal(
            ["05/10/2018 - Posted by Clara", "The team found two of the five cars broken into this morning. Police came."],
            blocks.Select(b => b.Text));
        Assert.All(blocks, b => Assert.Equal("div", b.Element.LocalName));
        Assert.Equal([5, 0], blocks.Select(b => b.LinkChars));
    }

    [Fact]
    public void Segment_KeepsLinesSetApartByOneBreakInOneBlock()
    {
        Assert.Equal(
            ["12 Main Street Springfield Closed Mondays Open daily"],
            Segment("<p>12 Main Street<br>Springfield<br><b>Closed Mondays</b><br>Open daily</p>").Select(b => b.Text));
        Assert.Equal(
            ["12 Main Street Springfield", "Open daily"],
            Segment("<p>12 Main Street<br>Springfield<br>\n<span> </span><br>Open daily</p>").Select(b => b.Text));
    }

    [Fact]
    public void Segment_LeavesBreaksBeforeAnyTextAlone()
    {
        var blocks = Segment("<div><br><br>Opening hours<br>Monday to Friday</div>");

        Assert.Equal(["Opening hours Monday to Friday"], blocks.Select(b => b.Text));
    }

    private static List<ContentBlock> Segment(string body) =>
        BlockSegmenter.Segment(new HtmlParser().ParseDocument($"<html><body>{body}</body></html>").Body!);
}
