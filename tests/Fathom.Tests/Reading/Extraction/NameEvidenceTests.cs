using AngleSharp.Html.Parser;
using Fathom.Reading.Extraction.Blocks;

namespace Fathom.Tests.Reading.Extraction;

public sealed class NameEvidenceTests
{
    [Theory]
    [InlineData("product-card__title--large", "product card title large")]
    [InlineData("productCardTitle", "product card title")]
    [InlineData("post-1234 post-1235 Post", "post")]
    [InlineData("a b x-y", "")]
    [InlineData("HTMLParser nav_Menu", "htmlparser nav menu")]
    [InlineData("ΚύριοΠεριεχόμενο", "κύριο περιεχόμενο")]
    public void Cut_SplitsNamesIntoLowerCaseWordsOnce(string value, string expected)
    {
        Assert.Equal(expected.Split(' ', StringSplitOptions.RemoveEmptyEntries), NamePieces.Cut(value));
    }

    [Fact]
    public void Of_ReadsClassIdItempropAndRole()
    {
        var e = new HtmlParser().ParseDocument("""<div class="sidebar-widget" id="relatedPosts" itemprop="mentions" role="complementary"></div>""").QuerySelector("div")!;

        Assert.Equal(["sidebar", "widget", "related", "posts", "mentions", "complementary"], NamePieces.Of(e));
    }

    [Fact]
    public void Score_IsTheMeanOfTheLearnedWords_OrNaNWhereNoneIsLearned()
    {
        var table = new NameEvidence(new Dictionary<string, float> { ["sidebar"] = -2f, ["widget"] = -1f, ["content"] = 1.5f });

        Assert.Equal(-1.5f, table.Score(["sidebar", "widget", "flex"]));
        Assert.Equal(1.5f, table.Score(["content"]));
        Assert.True(float.IsNaN(table.Score(["flex", "px"])));
        Assert.True(float.IsNaN(table.Score([])));
    }

    [Fact]
    public void Fill_ReadsOwnParentGrandparentLowestHighestAndNearestKnown()
    {
        var features = new float[NameEvidence.Names.Length];

        NameEvidence.Fill([float.NaN, 2f, float.NaN, -3f, 0.5f], features);

        Assert.Equal([0f, 2f, 0f, -3f, 2f, 2f], features);
    }

    [Fact]
    public void Fill_WithNothingKnown_IsNeutral()
    {
        var features = Enumerable.Repeat(9f, NameEvidence.Names.Length).ToArray();

        NameEvidence.Fill([float.NaN, float.NaN], features);

        Assert.All(features, f => Assert.Equal(0f, f));
    }

    [Fact]
    public void WrittenTable_ReadsBackTheSame()
    {
        var table = new NameEvidence(new Dictionary<string, float> { ["zeta"] = 0.1f, ["alpha"] = -1.2345678f, ["comment"] = 3e-8f });

        var text = table.Write();
        var read = NameEvidence.Read(new StringReader(text));

        Assert.Equal(text, read.Write());
        Assert.Equal(-1.2345678f, read.Score(["alpha"]));
        Assert.Equal(3, read.Count);
    }

    [Fact]
    public void ShippedTable_SetsNavigationApartFromContent()
    {
        var names = ExtractionModels.Default.Names;

        Assert.True(names.Count > 1000, $"the shipped table knows {names.Count} words");
        Assert.True(names.Score(["breadcrumb"]) < 0 && names.Score(["footer"]) < 0, "navigation and footers read as content");
        Assert.True(names.Score(["article", "body"]) > names.Score(["breadcrumb"]));
    }

    [Fact]
    public void BlockFeatures_ReadTheNamesAboveEachBlock()
    {
        const string Html = """
            <html><body>
            <div class="entry-content"><p>A paragraph of the story, long enough to be read as one block of text.</p></div>
            <div class="site-footer"><p>Copyright and a few links at the foot of every page.</p></div>
            </body></html>
            """;
        var table = new NameEvidence(new Dictionary<string, float> { ["entry"] = 1f, ["content"] = 2f, ["footer"] = -3f });

        var page = PageAnalysis.Of(Html, null, table);
        var nearest = BlockFeatures.NameEvidenceOffset + Array.IndexOf(NameEvidence.Names, "names_nearest");

        Assert.Equal(1.5f, page.Features[0][nearest]);
        Assert.Equal(-3f, page.Features[1][nearest]);
        Assert.Equal(0f, PageAnalysis.Of(Html, null, NameEvidence.None).Features[0][nearest]);
    }
}
