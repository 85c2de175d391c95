using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Fathom.Models.Providers;

/// <summary>
/// Builds a chat client from a model spec: the provider's raw client, then the same pipeline for
/// every provider — keys kept out of errors, logging, plainer response formats for servers that
/// refuse a JSON schema, retries — as <see cref="ChatClientBuilder"/> decorators.
/// </summary>
public sealed class ChatClientFactory
{
    private readonly IReadOnlyList<IChatProvider> _providers;

    /// <summary>A factory for the built-in providers plus <paramref name="extra"/> (an in-process GGUF provider, say), which are asked first.</summary>
    public ChatClientFactory(params IEnumerable<IChatProvider> extra) =>
        _providers = [.. extra, new OpenAIChatProvider(), new OllamaChatProvider()];

    /// <summary>A client for the model named by <paramref name="spec"/>.</summary>
    /// <exception cref="FormatException">The spec is malformed.</exception>
    /// <exception cref="NotSupportedException">No provider serves the spec (a gguf model without the in-process provider).</exception>
    public IChatClient Create(string spec, ModelProviderOptions? options = null) => Create(ModelSpec.Parse(spec), options);

    /// <summary>A client for <paramref name="spec"/>.</summary>
    /// <exception cref="NotSupportedException">No provider serves the spec.</exception>
    public IChatClient Create(ModelSpec spec, ModelProviderOptions? options = null)
    {
        options ??= new ModelProviderOptions();
        var provider = _providers.FirstOrDefault(p => p.Handles(spec))
            ?? throw new NotSupportedException(spec.Provider == ModelSpec.Gguf
                ? $"'{spec}' needs the in-process GGUF provider, which this build does not include; serve the file with llama.cpp's server and use openai-compatible:MODEL@http://HOST:PORT/v1 instead."
                : $"No provider serves '{spec}'.");
        var raw = provider.Create(spec, options);
        var builder = new ChatClientBuilder(raw);

        // Outermost first: retries wrap each response format tried, attempts are logged, and no
        // exception leaving the pipeline holds the key.
        builder.Use(inner => new Diagnostics.TelemetryChatClient(inner));
        builder.Use(inner => new RetryingChatClient(inner, options.Retry, options.Time, options.LoggerFactory?.CreateLogger<RetryingChatClient>()));
        builder.Use(inner => new ResponseFormatFallbackChatClient(inner));
        if (options.LoggerFactory is { } loggers)
        {
            builder.UseLogging(loggers);
        }

        builder.Use(inner => new SecretRedactingChatClient(inner, options.KeyFor(spec.Provider)));
        return builder.Build();
    }
}
