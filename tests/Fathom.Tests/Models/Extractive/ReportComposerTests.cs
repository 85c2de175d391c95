using Fathom.Models.Extractive;
using Fathom.Research;
using Fathom.Sources;
using Fathom.Text;

namespace Fathom.Tests.Models.Extractive;

public sealed class ReportComposerTests
{
    [Theory]
    [InlineData("Prices rose sharply.", 3, "Prices rose sharply [[3]].")]
    [InlineData("Did prices rise?", 2, "Did prices rise [[2]]?")]
    [InlineData("He said “prices rose.”", 1, "He said “prices rose [[1]].”")]
    [InlineData("Prices  rose\tsharply", 5, "Prices rose sharply [[5]]")]
    public void Cited_PutsTheMarkerBeforeTheClosingPunctuation(string sentence, int source, string expected) =>
        Assert.Equal(expected, ReportComposer.Cited(sentence, source));

    [Fact]
    public void Compose_DisclosesTheMethod_GroupsByAspect_AndPassesTheVerifierUntouched()
    {
        var options = new ExtractiveOptions();
        var reader = new CandidateReader(options);
        var stems = Concepts.ContentStems("why are oil prices high");
        var texts = new[]
        {
            (1, "Oil production fell when the hurricane shut down refineries on the coast."),
            (2, "Demand for fuel recovered faster than supply after the pandemic ended."),
            (1, "Oil production in the region has not returned to its earlier level."),
        };
        var sources = new SourceRegistry();
        sources.Register("https://a.example/", "A", "");
        sources.Register("https://b.example/", "B", "");
        sources.AddFindings(texts.Select((t, i) => new Finding(t.Item1, t.Item2, t.Item2, 1, i * 100)));
        var chosen = texts.Select((t, i) => reader.Make(t.Item1, i * 100, t.Item2, stems)).ToList();

        var markdown = ReportComposer.Compose("why are oil prices high", ["Oil production", ReportComposer.FurtherFindings], chosen);
        var verified = ReportVerifier.Verify(markdown, sources, 2500);

        Assert.Contains(ReportComposer.Disclosure, markdown, StringComparison.Ordinal);
        Assert.Contains("no language model", markdown, StringComparison.OrdinalIgnoreCase);
        var oil = markdown.IndexOf("## Oil production", StringComparison.Ordinal);
        var further = markdown.IndexOf("## Further findings", StringComparison.Ordinal);
        Assert.True(oil >= 0 && further > oil);
        Assert.True(markdown.IndexOf("hurricane", StringComparison.Ordinal) < further);
        Assert.True(markdown.IndexOf("pandemic", StringComparison.Ordinal) > further);
        Assert.Equal(0, verified.Summary.Removed);
        Assert.Equal(0, verified.Summary.Recited);
        Assert.Equal(markdown.TrimEnd(), verified.Markdown[..verified.Markdown.IndexOf("\n## References", StringComparison.Ordinal)].TrimEnd());
        Assert.True(Words.Count(markdown) <= ReportComposer.Overhead("why are oil prices high", ["Oil production", ReportComposer.FurtherFindings]) + chosen.Sum(c => c.Cost));
    }
}
