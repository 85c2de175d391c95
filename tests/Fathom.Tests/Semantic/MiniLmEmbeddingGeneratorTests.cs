using Fathom.Semantic;
using Microsoft.Extensions.AI;

namespace Fathom.Tests.Semantic;

public sealed class MiniLmEmbeddingGeneratorTests
{
    private static readonly MiniLmEmbeddingGenerator Embedder = new(batchSize: 2);

    [Fact]
    public async Task Paraphrases_are_closer_than_unrelated_sentences()
    {
        IEmbeddingGenerator<string, Embedding<float>> generator = Embedder;
        var vectors = await generator.GenerateAsync(
        [
            "Why do young companies go out of business?",
            "Most startups fail because they run out of cash before finding customers.",
            "The recipe calls for two cups of flour and a pinch of salt.",
        ]);

        Assert.Equal(3, vectors.Count);
        Assert.All(vectors, v => Assert.Equal(MiniLmEmbeddingGenerator.Dimensions, v.Vector.Length));
        Assert.All(vectors, v => Assert.Equal(1.0, Vectors.Cosine(v.Vector.Span, v.Vector.Span), 3));
        var related = Vectors.Cosine(vectors[0].Vector.Span, vectors[1].Vector.Span);
        var unrelated = Vectors.Cosine(vectors[0].Vector.Span, vectors[2].Vector.Span);
        Assert.True(related > unrelated + 0.2, $"related {related:F3}, unrelated {unrelated:F3}");
    }

    [Fact]
    public async Task Batches_give_the_same_vectors_as_single_calls_and_threads_share_one_model()
    {
        var texts = Enumerable.Range(0, 5).Select(i => $"Sentence number {i} is about rivers and boats.").ToArray();
        var together = await Embedder.GenerateAsync(texts);
        var apart = await Task.WhenAll(texts.Select(t => Embedder.GenerateAsync([t])));

        Assert.True(Embedder.IsLoaded);
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(1.0, Vectors.Cosine(together[i].Vector.Span, apart[i][0].Vector.Span), 3);
        }
    }

    [Fact]
    public void Loads_nothing_until_asked_and_names_itself()
    {
        using var fresh = new MiniLmEmbeddingGenerator();
        Assert.False(fresh.IsLoaded);
        Assert.Equal(MiniLmEmbeddingGenerator.ModelName, fresh.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId);
    }

    [Fact]
    public void Specs_name_the_built_in_or_a_provider_and_bad_ones_say_which_forms_work()
    {
        Assert.IsType<MiniLmEmbeddingGenerator>(EmbeddingGenerators.Create("builtin"));
        Assert.Equal("OllamaApiClient", EmbeddingGenerators.Create("ollama:nomic-embed-text@http://127.0.0.1:9").GetType().Name);
        Assert.NotNull(EmbeddingGenerators.Create("openai-compatible:e5@http://127.0.0.1:9/v1"));
        var error = Assert.Throws<FormatException>(() => EmbeddingGenerators.Create("gguf:/tmp/x.gguf"));
        Assert.Contains("builtin", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => EmbeddingGenerators.Create("openai:text-embedding-3-small"));
    }
}
