using Fathom.Models.Providers;
using Fathom.Semantic;
using Microsoft.Extensions.AI;

namespace Fathom.Cli.Infrastructure;

/// <summary>The embedder an --embedder value names, with provider keys read from the environment.</summary>
public static class Embedders
{
    /// <summary>The value that turns embeddings off.</summary>
    public const string None = "none";

    /// <summary>The embedder for <paramref name="spec"/>; null for <see cref="None"/>.</summary>
    /// <exception cref="ArgumentException">The spec is malformed or a key is missing; the message says what to fix.</exception>
    public static IEmbeddingGenerator<string, Embedding<float>>? Create(string spec, Func<string, string?> environment)
    {
        if (string.IsNullOrWhiteSpace(spec) || spec.Trim().Equals(None, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var keys = new[] { ModelSpec.OpenAI, ModelSpec.OpenAICompatible, ModelSpec.DashScope, ModelSpec.OpenRouter }
                .Select(p => (Provider: p, Key: environment(OpenAIChatProvider.EnvironmentName(p))))
                .Where(k => !string.IsNullOrWhiteSpace(k.Key))
                .ToDictionary(k => k.Provider, k => new ApiKey(k.Key!));
            return EmbeddingGenerators.Create(spec, new ModelProviderOptions { ApiKeys = keys });
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException)
        {
            throw new ArgumentException($"--embedder: {ex.Message}", ex);
        }
    }
}
