using Fathom.Events;
using Fathom.Reading;
using Fathom.Research;
using Fathom.Research.Support;
using Fathom.Semantic;
using Fathom.Sources;
using Fathom.Tests.Support;
using Microsoft.Extensions.AI;

namespace Fathom.Tests.Research;

/// <summary>
/// With the built-in sentence embedder present, the support test keeps a true paraphrase of a quote,
/// and still refuses the quote's words shuffled and a sentence stitched from two quotes.
/// </summary>
public sealed class QuoteSupportEmbeddingTests
{
    private const string Chips = "Car makers cancelled their chip orders early in the pandemic, and when demand for cars came back the shortage followed.";
    private const string Belief = "The belief that race is biological has always been accepted by some people regardless of the evidence against it.";

    private static readonly MiniLmEmbeddingGenerator Embedder = new();

    private static SourceRegistry Registry()
    {
        var registry = new SourceRegistry();
        var a = registry.Register("https://a.example", "A", "");
        var b = registry.Register("https://b.example", "B", "");
        registry.AddFindings([new Finding(a.Number, "x", Chips), new Finding(b.Number, "x", Belief)]);
        return registry;
    }

    private static async Task<double> CosineAsync(string a, string b)
    {
        IEmbeddingGenerator<string, Embedding<float>> generator = Embedder;
        var vectors = await generator.GenerateAsync([QuoteSupport.Key(a), QuoteSupport.Key(b)]);
        return Vectors.Cosine(vectors[0].Vector.Span, vectors[1].Vector.Span);
    }

    [Fact]
    public async Task TrueParaphrase_IsKept()
    {
        const string sentence = "The shortage began when car makers cut orders";

        var result = await ReportVerifier.VerifyAsync("# R\n\n" + sentence + " [[1]].", Registry(), 2500, Embedder, CancellationToken.None);

        var cosine = await CosineAsync(sentence, Chips);
        Assert.True(result.Summary.CitedSentences == 1, $"paraphrase not kept (cosine {cosine:F3})");
        Assert.Equal([Chips], Assert.Single(result.References).Quotes);
    }

    [Theory]
    [InlineData("Orders chip the car early followed makers cancelled pandemic the in shortage their and when came back demand cars for [[1]].")]
    [InlineData("Of to the belief accepted regardless biological has always race is by some people the evidence against it been [[2]].")]
    [InlineData("Biological evidence against the race belief has always been accepted by people regardless [[2]].")]
    public async Task ShuffledQuoteWords_AreNotSupported(string sentence)
    {
        var result = await ReportVerifier.VerifyAsync("# R\n\n" + sentence, Registry(), 2500, Embedder, CancellationToken.None);

        Assert.Equal(0, result.Summary.CitedSentences);
        Assert.Empty(result.References);
    }

    [Theory]
    [InlineData("Car makers cancelled their chip orders early in the pandemic regardless of the evidence against it [[1]].")]
    [InlineData("The belief that race is biological has always been accepted when demand for cars came back [[1,2]].")]
    public async Task TwoQuotesStitchedIntoOneClaim_AreNotSupported(string sentence)
    {
        var result = await ReportVerifier.VerifyAsync("# R\n\n" + sentence, Registry(), 2500, Embedder, CancellationToken.None);

        Assert.Equal(0, result.Summary.CitedSentences);
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 0)]
    public async Task EnginesVerifier_JudgesParaphrasesWithTheEnginesEmbedder(bool withEmbedder, int kept)
    {
        var corpus = new InMemoryCorpus([new ReadPage("https://a.example/chips", "Chip shortage", Chips)]);
        var model = new ScriptedResearchModel
        {
            Write = run => new DraftReport($"# Report\n\nThe shortage began when car makers cut orders [[{run.Findings.First().SourceNumber}]]."),
        };
        var engine = new ResearchEngine(model, [corpus], corpus) { Embedder = withEmbedder ? Embedder : null };

        var events = new List<ResearchEvent>();
        await foreach (var e in engine.RunAsync(new ResearchRequest { Question = "Why did car makers face a chip shortage?", AllowClarification = false }, "run-1"))
        {
            events.Add(e);
        }

        Assert.Equal(kept, events.OfType<ReportWritten>().Single().Verification.CitedSentences);
    }
}
