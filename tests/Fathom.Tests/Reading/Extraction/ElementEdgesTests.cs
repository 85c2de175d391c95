using AngleSharp.Html.Parser;
using Fathom.Reading.Extraction;

namespace Fathom.Tests.Reading.Extraction;

public sealed class ElementEdgesTests
{
    [Theory]
    [InlineData("<li><a href='/p/1'><span>HOKA</span><span>Clifton 10 Road-Running Shoes</span></a></li>", "HOKA Clifton 10 Road-Running Shoes")]
    [InlineData("<p><span>Publisher</span><span>Houghton Mifflin</span></p>", "Publisher Houghton Mifflin")]
    [InlineData("<p><b>Note</b><i>:</i> keep it</p>", "Note: keep it")]
    [InlineData("<p><span>$</span><span>124</span><span>.93</span></p>", "$124.93")]
    [InlineData("<p>un<em>believ</em>able</p>", "unbelievable")]
    [InlineData("<p><span>東京</span><span>大学</span></p>", "東京大学")]
    [InlineData("<p><span>Stock</span> <span>tips</span></p>", "Stock tips")]
    public void WrittenText_SetsWordsApartWhereTwoElementsMeet_OnlyBetweenWordsOfSpacedScripts(string html, string expected)
    {
        Assert.Equal(expected, Written(html).Text);
    }

    [Fact]
    public void WrittenMarkdown_KeepsTheSpaceOutsideEmphasis()
    {
        Assert.Equal("**Size** **XL**", Written("<p><b>Size</b><b>XL</b></p>").Markdown);
    }

    [Fact]
    public void Preformatted_CodeIsWrittenAsThePageHasIt()
    {
        Assert.Equal("foobar()", Written("<pre><span>foo</span><span>bar</span>()</pre>").Text);
    }

    private static TextBlock Written(string html)
    {
        var writer = new MarkdownWriter(null);
        writer.WriteChildren(new HtmlParser().ParseDocument("<body>" + html + "</body>").Body!);
        return Assert.Single(writer.Blocks);
    }
}
