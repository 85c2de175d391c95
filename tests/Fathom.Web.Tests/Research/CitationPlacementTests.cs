using Fathom.Research;
using Fathom.Sources;

namespace Fathom.Web.Tests.Research;

public sealed class CitationPlacementTests
{
    [Theory]
    [InlineData("Most start-ups run out of cash before they find a market. [[1]]")]
    [InlineData("Most start-ups run out of cash before they find a market.  [[1]]")]
    [InlineData("Most start-ups run out of cash before they find a market.[[1]]")]
    [InlineData("Most start-ups run out of cash before they find a market [[1]].")]
    public void Verify_CitationAfterOrBeforeFullStop_StaysWithItsSentence(string line)
    {
        var sources = new SourceRegistry();
        var card = sources.Register("https://example.org/a", "A", "");
        sources.AddFindings([new Finding(card.Number, "q", "Most start-ups run out of cash before they find a market.")]);

        var verified = ReportVerifier.Verify($"# Report\n\n{line} Another sentence follows.\n", sources, 2500);

        Assert.Equal(1, verified.Summary.CitedSentences);
        Assert.Equal(0, verified.Summary.Removed);
        Assert.Single(verified.References);
    }
}
