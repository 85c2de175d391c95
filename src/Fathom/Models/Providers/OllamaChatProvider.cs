using Microsoft.Extensions.AI;
using OllamaSharp;

namespace Fathom.Models.Providers;

/// <summary>An Ollama server, through OllamaSharp's chat client.</summary>
public sealed class OllamaChatProvider : IChatProvider
{
    /// <inheritdoc />
    public bool Handles(ModelSpec spec) => spec.Provider == ModelSpec.Ollama;

    /// <inheritdoc />
    public IChatClient Create(ModelSpec spec, ModelProviderOptions options)
    {
        var endpoint = spec.Endpoint ?? ModelSpec.DefaultEndpoint(ModelSpec.Ollama)!;
        var http = options.HttpHandler is { } handler
            ? new HttpClient(handler, disposeHandler: false)
            : new HttpClient();
        http.BaseAddress = endpoint;
        http.Timeout = options.RequestTimeout;
        return new OllamaApiClient(http, spec.Model);
    }
}
