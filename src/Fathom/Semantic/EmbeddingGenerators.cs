using System.ClientModel;
using System.ClientModel.Primitives;
using Fathom.Models.Providers;
using Microsoft.Extensions.AI;
using OllamaSharp;
using OpenAI;

namespace Fathom.Semantic;

/// <summary>
/// Makes the embedder an embedding spec names: <c>builtin</c> (<see cref="MiniLmEmbeddingGenerator"/>,
/// offline), or a provider through Microsoft.Extensions.AI in the same forms as chat models:
/// <c>openai:text-embedding-3-small</c>, <c>openai-compatible:MODEL@http://HOST:PORT/v1</c>,
/// <c>ollama:nomic-embed-text[@http://HOST:11434]</c>.
/// </summary>
public static class EmbeddingGenerators
{
    /// <summary>The spec of the built-in embedder.</summary>
    public const string BuiltIn = "builtin";

    /// <summary>The embedder <paramref name="spec"/> names.</summary>
    /// <exception cref="FormatException">The spec names no embedder; the message lists the forms that do.</exception>
    /// <exception cref="InvalidOperationException">The provider needs an API key and none is configured.</exception>
    public static IEmbeddingGenerator<string, Embedding<float>> Create(string spec, ModelProviderOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spec);
        if (spec.Trim().Equals(BuiltIn, StringComparison.OrdinalIgnoreCase) || spec.Trim().Equals(MiniLmEmbeddingGenerator.ModelName, StringComparison.OrdinalIgnoreCase))
        {
            return new MiniLmEmbeddingGenerator();
        }

        options ??= new ModelProviderOptions();
        var model = ModelSpec.Parse(spec);
        if (model.Provider == ModelSpec.Ollama)
        {
            var http = options.HttpHandler is { } handler ? new HttpClient(handler, disposeHandler: false) : new HttpClient();
            http.BaseAddress = model.Endpoint ?? ModelSpec.DefaultEndpoint(ModelSpec.Ollama)!;
            http.Timeout = options.RequestTimeout;
            return new OllamaApiClient(http, model.Model);
        }

        if (!model.SpeaksOpenAI)
        {
            throw new FormatException($"'{spec}' names no embedding model: use {BuiltIn}, openai:MODEL, openai-compatible:MODEL@http://HOST:PORT/v1 or ollama:MODEL[@http://HOST:11434].");
        }

        var key = options.KeyFor(model.Provider);
        if (key is null && model.Provider is ModelSpec.OpenAI or ModelSpec.DashScope or ModelSpec.OpenRouter)
        {
            throw new InvalidOperationException(
                $"The {model.Provider} provider needs an API key for embeddings: configure one (the command line reads it from {OpenAIChatProvider.EnvironmentName(model.Provider)}).");
        }

        var clientOptions = new OpenAIClientOptions { RetryPolicy = new ClientRetryPolicy(maxRetries: 2), NetworkTimeout = options.RequestTimeout };
        if (model.Endpoint is { } endpoint)
        {
            clientOptions.Endpoint = endpoint;
        }

        if (options.HttpHandler is { } h)
        {
            clientOptions.Transport = new HttpClientPipelineTransport(new HttpClient(h, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan });
        }

        return new OpenAIClient(new ApiKeyCredential(key?.Reveal() ?? "no-key"), clientOptions).GetEmbeddingClient(model.Model).AsIEmbeddingGenerator();
    }
}
