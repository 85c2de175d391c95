using Fathom.Research;
using Fathom.Research.Support;
using Fathom.Sources;

namespace Fathom.Tests.Research;

/// <summary>The support test reads word order: a quote's words shuffled, or two quotes stitched together, support nothing.</summary>
public sealed class QuoteSupportTests
{
    private const string Chips = "Car makers cancelled their chip orders early in the pandemic, and when demand for cars came back the shortage followed.";
    private const string Belief = "The belief that race is biological has always been accepted by some people regardless of the evidence against it.";

    private static SourceRegistry Registry()
    {
        var registry = new SourceRegistry();
        var a = registry.Register("https://a.example", "A", "");
        var b = registry.Register("https://b.example", "B", "");
        registry.AddFindings([new Finding(a.Number, "x", Chips), new Finding(b.Number, "x", Belief)]);
        return registry;
    }

    [Theory]
    [InlineData("Orders chip the car early followed makers cancelled pandemic the in shortage their and when came back demand cars for [[1]].")]
    [InlineData("Of to the belief accepted regardless biological has always race is by some people the evidence against it been [[2]].")]
    [InlineData("Biological evidence against the race belief has always been accepted by people regardless [[2]].")]
    public void ShuffledQuoteWords_AreNotSupported(string sentence)
    {
        var result = ReportVerifier.Verify("# R\n\n" + sentence, Registry(), 2500);

        Assert.Equal(0, result.Summary.CitedSentences);
        Assert.Empty(result.References);
    }

    [Theory]
    [InlineData("Car makers cancelled their chip orders early in the pandemic regardless of the evidence against it [[1]].")]
    [InlineData("The belief that race is biological has always been accepted when demand for cars came back [[1,2]].")]
    public void TwoQuotesStitchedIntoOneClaim_AreNotSupported(string sentence)
    {
        var result = ReportVerifier.Verify("# R\n\n" + sentence, Registry(), 2500);

        Assert.Equal(0, result.Summary.CitedSentences);
    }

    [Fact]
    public void SentenceContainedInAQuote_IsKept()
    {
        var result = ReportVerifier.Verify("# R\n\nCar makers cancelled their chip orders early in the pandemic [[1]].", Registry(), 2500);

        Assert.Equal(1, result.Summary.CitedSentences);
        Assert.Equal([Chips], Assert.Single(result.References).Quotes);
    }

    [Fact]
    public void Paraphrase_WithoutEmbeddings_IsNotKept()
    {
        var support = QuoteSupport.Lexical.Supporting("The shortage began when car makers cut orders", [(1, Chips)], [Chips, Belief]);

        Assert.Empty(support);
    }

    [Theory]
    [InlineData("Solar prices fell [3]. Wind is steady [[2]].", "[[9]]")]
    [InlineData("## Causes [[9]]\n\nSolar panel prices fell by ninety percent [[1]].", "[[9]]")]
    public void MarkersThatNameNoSource_NeverReachTheReport(string draft, string marker)
    {
        var registry = new SourceRegistry();
        var a = registry.Register("https://a.example", "A", "");
        registry.AddFindings([new Finding(a.Number, "x", "Solar panel prices fell by ninety percent between 2010 and 2020.")]);

        var result = ReportVerifier.Verify(draft, registry, 2500);

        Assert.DoesNotContain(marker, result.Markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("[3]", result.Markdown.Split("## References")[0], StringComparison.Ordinal);
    }

    [Fact]
    public void SentenceSaidTwice_IsKeptOnce()
    {
        var registry = Registry();
        var sentence = "Car makers cancelled their chip orders early in the pandemic [[1]]. ";

        var result = ReportVerifier.Verify("# R\n\n" + string.Concat(Enumerable.Repeat(sentence, 5)), registry, 2500);

        Assert.Equal(1, result.Summary.CitedSentences);
        Assert.Equal(4, result.Summary.Removed);
    }
}
