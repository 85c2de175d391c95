using System.Text.Json;
using Fathom.Composition;
using Fathom.Events;
using Fathom.Models.Extractive;
using Fathom.Relevance;
using Fathom.Research;
using Fathom.Tests.Support;

namespace Fathom.Tests.Models.Extractive;

/// <summary>
/// The extractive model end to end over the shared research corpus, scored as eval_research.py scores
/// it, over the hybrid index (BM25 and MiniLM chunk vectors) that <c>fathom research --corpus</c> builds
/// by default and that the writer's constants were chosen on (bench/README.md). The index is built once
/// for the class.
/// </summary>
public sealed class ResearchCorpusTests(ResearchCorpusTests.HybridIndex hybrid) : IClassFixture<ResearchCorpusTests.HybridIndex>
{
    [Theory]
    [InlineData("1004305")]
    [InlineData("31522")]
    public async Task Research_MeetsTheQualityBar(string queryId)
    {
        var data = RepoPaths.ResearchData;
        var question = File.ReadLines(Path.Combine(data, "queries.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Single(q => q.GetProperty("id").GetString() == queryId)
            .GetProperty("query").GetString()!;
        var corpus = Directory.GetFiles(Path.Combine(data, "corpus"), "*.json")
            .Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement)
            .ToDictionary(d => d.GetProperty("url").GetString()!, d => string.Join(' ', d.GetProperty("text").GetString()!.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
        using var handle = await hybrid.OpenAsync();

        // How long this takes is a benchmark's business (bench/README.md), not a test's: a busy machine must not fail it.
        var events = new List<ResearchEvent>();
        await foreach (var e in handle.Engine.RunAsync(new ResearchRequest { Question = question, AllowClarification = false }))
        {
            events.Add(e);
        }

        var result = ResearchResult.Fold(events);
        var body = KeyPointRecall.Body(result.Report);

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.True(KeyPointRecall.Words(body).Count <= 2500);
        Assert.True(KeyPointRecall.Score(data, queryId, result.Report) >= 0.70, $"key-point recall {KeyPointRecall.Score(data, queryId, result.Report)}");
        Assert.All(result.References, r => Assert.All(r.Quotes, q =>
            Assert.Contains(string.Join(' ', q.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)), corpus[r.Url], StringComparison.Ordinal)));
        Assert.Contains("No language model wrote this report", result.Report, StringComparison.Ordinal);
    }

    /// <summary>The research corpus indexed once, with embeddings.</summary>
    public sealed class HybridIndex : IDisposable
    {
        private readonly TempDirectory _dir = new();

        public Task<EngineHandle> OpenAsync() => EngineFactory.CreateAsync(new EngineOptions
        {
            Model = new ExtractiveResearchModel(),
            CorpusDirectory = Path.Combine(RepoPaths.ResearchData, "corpus"),
            IndexPath = _dir.File("index.db"),
            Embedder = SharedEmbedder.BuiltIn,
        });

        public void Dispose() => _dir.Dispose();
    }
}
