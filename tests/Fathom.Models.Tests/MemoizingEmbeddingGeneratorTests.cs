using Fathom.Semantic;
using Microsoft.Extensions.AI;

namespace Fathom.Models.Tests;

/// <summary>The judge and the verifier share one memory of embeddings, so a run embeds its quotes once.</summary>
public sealed class MemoizingEmbeddingGeneratorTests
{
    [Fact]
    public async Task Generate_TextsAskedBefore_AreNotEmbeddedAgainAndComeBackInOrder()
    {
        var inner = new CountingEmbedder();
        using var memo = new MemoizingEmbeddingGenerator(inner);

        var first = await memo.GenerateAsync(["a", "bb", "a"]);
        var second = await memo.GenerateAsync(["ccc", "bb", "a"]);

        Assert.Equal([["a", "bb"], ["ccc"]], inner.Asked);
        Assert.Equal([1f, 2f, 1f], first.Select(e => e.Vector.Span[0]));
        Assert.Equal([3f, 2f, 1f], second.Select(e => e.Vector.Span[0]));
    }

    [Fact]
    public async Task Generate_PastItsCapacity_StartsAfreshAndStillAnswersEveryText()
    {
        var inner = new CountingEmbedder();
        using var memo = new MemoizingEmbeddingGenerator(inner, capacity: 2);

        await memo.GenerateAsync(["a", "bb"]);
        var next = await memo.GenerateAsync(["ccc"]);

        Assert.Equal(1, memo.Count);
        Assert.Equal(3f, next.Single().Vector.Span[0]);
    }

    /// <summary>Embeds a text as its length, and records every batch it was asked for.</summary>
    private sealed class CountingEmbedder : IEmbeddingGenerator<string, Embedding<float>>
    {
        public List<string[]> Asked { get; } = [];

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            var texts = values.ToArray();
            Asked.Add(texts);
            return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(texts.Select(t => new Embedding<float>(new[] { (float)t.Length })).ToList()));
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
