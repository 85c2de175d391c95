using Fathom.Semantic;
using Microsoft.Extensions.AI;

namespace Fathom.Relevance;

/// <summary>
/// The built-in embedder shared by every part of the process that needs one and was given none:
/// one model in memory, loaded on first use.
/// </summary>
public static class SharedEmbedder
{
    private static readonly Lazy<MiniLmEmbeddingGenerator> Instance = new(() => new MiniLmEmbeddingGenerator(), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The process's built-in embedder.</summary>
    public static IEmbeddingGenerator<string, Embedding<float>> BuiltIn => Instance.Value;
}
