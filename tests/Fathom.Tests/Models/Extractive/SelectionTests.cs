using Fathom.Models.Extractive;

namespace Fathom.Tests.Models.Extractive;

public sealed class SelectionTests
{
    private static readonly ExtractiveOptions Options = new();

    private static Candidate Make(int source, int position, string text) =>
        new CandidateReader(Options).Make(source, position, text, Concepts.ContentStems("why do batteries lose capacity"));

    [Fact]
    public void Concepts_StemPluralsAndKeepWordPairs()
    {
        var concepts = Concepts.Of("The batteries lose capacity");

        Assert.Contains(Concepts.Stem("batteries"), concepts);
        Assert.Contains("lose capacity", concepts);
        Assert.DoesNotContain("the", concepts);
        Assert.Equal(Concepts.Stem("startups"), Concepts.Stem("startup"));
        Assert.Equal(Concepts.Stem("failed"), Concepts.Stem("fails"));
        Assert.Equal(Concepts.Stem("failing"), Concepts.Stem("fail"));
        Assert.Equal("news", Concepts.Stem("news"));
    }

    [Fact]
    public void Selector_SkipsASentenceThatRepeatsWhatIsAlreadyCovered()
    {
        var candidates = new List<Candidate>
        {
            Make(1, 0, "Batteries lose capacity because lithium plating builds up on the anode."),
            Make(2, 0, "Batteries lose capacity because lithium plating builds up on the anode over time."),
            Make(3, 0, "Heat speeds up the side reactions that wear out battery electrodes."),
        };
        var weights = candidates.SelectMany(c => c.Concepts).Distinct().ToDictionary(c => c, _ => 1.0);

        var chosen = new CoverageSelector(Options).Select(candidates, weights, budget: 30);

        Assert.Equal(2, chosen.Count);
        Assert.Contains(2, chosen);
    }

    [Fact]
    public void Selector_NeverExceedsTheBudgetOrTheCount()
    {
        var candidates = Enumerable.Range(0, 50)
            .Select(i => Make(i, 0, $"Battery test number {i} found capacity fade of {i} percent after cycle {i * 7}."))
            .ToList();
        var weights = candidates.SelectMany(c => c.Concepts).Distinct().ToDictionary(c => c, _ => 1.0);

        var byBudget = new CoverageSelector(Options).Select(candidates, weights, budget: 100);
        var byCount = new CoverageSelector(Options).Select(candidates, weights, budget: int.MaxValue, maxCount: 7);

        Assert.True(byBudget.Sum(i => candidates[i].Cost) <= 100);
        Assert.NotEmpty(byBudget);
        Assert.Equal(7, byCount.Count);
    }

    [Fact]
    public void Prior_FavoursFinishedSentencesOnTheQuestionWithFigures()
    {
        var question = Concepts.ContentStems("why do batteries lose capacity");
        var onTopic = SentencePrior.Of("Batteries lose about 2 percent of capacity a year.", question, Options);
        var heading = SentencePrior.Of("Batteries lose capacity for many reasons", question, Options);
        var offTopic = SentencePrior.Of("The weather was pleasant that afternoon in town.", question, Options);

        Assert.True(onTopic > heading);
        Assert.True(heading > offTopic * 0.99);
        Assert.True(onTopic > offTopic);
    }

    [Fact]
    public void CandidateReader_KeepsVerbatimSentencesAtTheirOffsets_AndDropsWhatCannotBeQuoted()
    {
        const string text = "Menu\nBatteries lose capacity as lithium is trapped in the anode layer. As shown in [12], heat makes it worse in every cell.\n# A heading line that is long enough to count\nShort one.\nBatteries lose capacity as lithium is trapped in the anode layer.";

        var candidates = new CandidateReader(Options).Read(4, text, Concepts.ContentStems("batteries capacity"));

        var only = Assert.Single(candidates);
        Assert.Equal(only.Text, text.Substring(only.Position, only.Text.Length));
        Assert.Equal(4, only.Source);
    }
}
