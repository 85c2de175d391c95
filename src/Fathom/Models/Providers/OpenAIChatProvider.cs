using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Fathom.Models.Providers;

/// <summary>
/// OpenAI and every server that speaks its chat-completions API: vLLM, llama.cpp server, LM Studio,
/// OpenRouter, DashScope's compatible mode. The SDK's own retries are off: retrying is the
/// decorator's job, the same for every provider.
/// </summary>
public sealed class OpenAIChatProvider : IChatProvider
{
    /// <inheritdoc />
    public bool Handles(ModelSpec spec) => spec.SpeaksOpenAI;

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">OpenAI's own API is named but no key is configured.</exception>
    public IChatClient Create(ModelSpec spec, ModelProviderOptions options)
    {
        var key = options.KeyFor(spec.Provider);
        if (key is null && spec.Provider is ModelSpec.OpenAI or ModelSpec.DashScope or ModelSpec.OpenRouter)
        {
            throw new InvalidOperationException(
                $"The {spec.Provider} provider needs an API key: configure one for '{spec.Provider}' (the command line reads it from {EnvironmentName(spec.Provider)}).");
        }

        var clientOptions = new OpenAIClientOptions
        {
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = options.RequestTimeout,
        };
        if (spec.Endpoint is { } endpoint)
        {
            clientOptions.Endpoint = endpoint;
        }

        // Every answer is read whole and checked before the SDK parses it: careless servers cut
        // bodies short or stream when asked not to (AnswerBodyHandler).
        var handler = new AnswerBodyHandler(options.HttpHandler ?? new SocketsHttpHandler());
        clientOptions.Transport = new HttpClientPipelineTransport(new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan });

        // Local servers take any key; the SDK insists on one.
        var credential = new ApiKeyCredential(key?.Reveal() ?? "no-key");
        return new OpenAIClient(credential, clientOptions).GetChatClient(spec.Model).AsIChatClient();
    }

    /// <summary>The environment variable hosts read the provider's key from.</summary>
    public static string EnvironmentName(string provider) => provider switch
    {
        ModelSpec.OpenAI => "OPENAI_API_KEY",
        ModelSpec.DashScope => "DASHSCOPE_API_KEY",
        ModelSpec.OpenRouter => "OPENROUTER_API_KEY",
        _ => "OPENAI_COMPATIBLE_API_KEY",
    };
}
