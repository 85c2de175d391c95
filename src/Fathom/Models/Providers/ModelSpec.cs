namespace Fathom.Models.Providers;

/// <summary>
/// A model named in one string: <c>openai:gpt-4o-mini</c>, <c>openai-compatible:MODEL@http://host:port/v1</c>,
/// <c>dashscope:qwen-plus</c>, <c>openrouter:VENDOR/MODEL</c>, <c>ollama:qwen3:8b[@http://host:11434]</c>,
/// <c>gguf:PATH</c>.
/// </summary>
/// <param name="Provider">The provider, lower-case.</param>
/// <param name="Model">The model's name at that provider (or the file, for gguf).</param>
/// <param name="Endpoint">The server's base address; null for the provider's default.</param>
public sealed record ModelSpec(string Provider, string Model, Uri? Endpoint)
{
    /// <summary>OpenAI's own API.</summary>
    public const string OpenAI = "openai";

    /// <summary>Any server that speaks OpenAI's chat-completions API (vLLM, llama.cpp server, LM Studio…).</summary>
    public const string OpenAICompatible = "openai-compatible";

    /// <summary>Alibaba Cloud DashScope, through its OpenAI-compatible mode.</summary>
    public const string DashScope = "dashscope";

    /// <summary>OpenRouter, through its OpenAI-compatible API.</summary>
    public const string OpenRouter = "openrouter";

    /// <summary>An Ollama server.</summary>
    public const string Ollama = "ollama";

    /// <summary>A GGUF model file run in this process.</summary>
    public const string Gguf = "gguf";

    private const string Forms =
        "openai:MODEL, openai-compatible:MODEL@http://HOST:PORT/v1, dashscope:MODEL, openrouter:MODEL, ollama:MODEL[@http://HOST:11434], gguf:PATH";

    /// <summary>The default address of each provider that has one.</summary>
    public static Uri? DefaultEndpoint(string provider) => provider switch
    {
        DashScope => new Uri("https://dashscope.aliyuncs.com/compatible-mode/v1"),
        OpenRouter => new Uri("https://openrouter.ai/api/v1"),
        Ollama => new Uri("http://localhost:11434"),
        _ => null,
    };

    /// <summary>Whether the provider speaks OpenAI's chat-completions API.</summary>
    public bool SpeaksOpenAI => Provider is OpenAI or OpenAICompatible or DashScope or OpenRouter;

    /// <summary>Reads a model spec.</summary>
    /// <exception cref="FormatException">The text is not a model spec; the message lists the forms that are.</exception>
    public static ModelSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1)
        {
            throw new FormatException($"'{text}' is not a model spec: write PROVIDER:MODEL, one of {Forms}.");
        }

        var provider = text[..colon].Trim().ToLowerInvariant();
        var rest = text[(colon + 1)..].Trim();
        if (provider == Gguf)
        {
            return new ModelSpec(provider, rest, null);
        }

        if (provider is not (OpenAI or OpenAICompatible or DashScope or OpenRouter or Ollama))
        {
            throw new FormatException($"Unknown model provider '{provider}' in '{text}': use one of {Forms}.");
        }

        var (model, endpoint) = SplitEndpoint(rest, text);
        if (provider == OpenAICompatible && endpoint is null)
        {
            throw new FormatException($"'{text}' names no server: write openai-compatible:MODEL@http://HOST:PORT/v1.");
        }

        return new ModelSpec(provider, model, endpoint ?? DefaultEndpoint(provider));
    }

    /// <inheritdoc />
    public override string ToString() => Endpoint is null || Endpoint == DefaultEndpoint(Provider)
        ? $"{Provider}:{Model}"
        : $"{Provider}:{Model}@{Endpoint}";

    private static (string Model, Uri? Endpoint) SplitEndpoint(string rest, string text)
    {
        var at = rest.LastIndexOf('@');
        if (at < 0 || !(rest[(at + 1)..].StartsWith("http://", StringComparison.OrdinalIgnoreCase) || rest[(at + 1)..].StartsWith("https://", StringComparison.OrdinalIgnoreCase)))
        {
            return (rest, null);
        }

        var model = rest[..at].Trim();
        if (model.Length == 0 || !Uri.TryCreate(rest[(at + 1)..].Trim(), UriKind.Absolute, out var endpoint))
        {
            throw new FormatException($"'{text}' is not MODEL@URL with a model name and an absolute http(s) address.");
        }

        return (model, endpoint);
    }
}
