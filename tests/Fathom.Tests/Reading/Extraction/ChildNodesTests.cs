using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Fathom.Reading.Extraction;

namespace Fathom.Tests.Reading.Extraction;

public sealed class ChildNodesTests
{
    private const string Mixed = "<div>lead <b>one</b><!-- note --> middle <i>two</i><p>three</p> tail</div>";

    [Fact]
    public void Of_ReadsEveryChildNode_InTheOrderTheSiblingsRun()
    {
        var div = Parse(Mixed);
        var walked = new List<INode>();
        for (var child = div.FirstChild; child is not null; child = child.NextSibling)
        {
            walked.Add(child);
        }

        var read = new List<INode>();
        foreach (var child in ChildNodes.Of(div))
        {
            read.Add(child);
        }

        Assert.Equal(7, read.Count);
        Assert.Equal(walked, read);
    }

    [Fact]
    public void ElementsOf_SkipsTextAndComments()
    {
        var names = new List<string>();
        foreach (var child in ChildNodes.ElementsOf(Parse(Mixed)))
        {
            names.Add(child.LocalName);
        }

        Assert.Equal(["b", "i", "p"], names);
    }

    [Fact]
    public void ElementsOf_AnElementWithNoChildren_ReadsNothing()
    {
        var count = 0;
        foreach (var unused in ChildNodes.ElementsOf(Parse("<div></div>")))
        {
            count++;
        }

        Assert.Equal(0, count);
    }

    private static IElement Parse(string html) => new HtmlParser().ParseDocument("<body>" + html + "</body>").Body!.FirstElementChild!;
}
