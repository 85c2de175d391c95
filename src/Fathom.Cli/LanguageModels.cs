using Fathom.Models;
using Fathom.Models.Chat;
using Fathom.Models.Gguf;
using Fathom.Models.Providers;
using Fathom.Research;
using Microsoft.Extensions.Logging;

namespace Fathom.Cli;

/// <summary>
/// Builds the language-model research model that a <c>--model PROVIDER:MODEL</c> spec names. Keys
/// and the other roles' models come from the environment, read here at the edge and nowhere else.
/// </summary>
public static class LanguageModels
{
    /// <summary>A model spec for the reader's role, when it differs from <c>--model</c>.</summary>
    public const string ReaderVariable = "FATHOM_READER_MODEL";

    /// <summary>A model spec for the writer's role, when it differs from <c>--model</c>.</summary>
    public const string WriterVariable = "FATHOM_WRITER_MODEL";

    /// <summary>Prices per million tokens, <c>model=input/output;…</c>, so runs report their cost.</summary>
    public const string PricesVariable = "FATHOM_PRICES";

    /// <summary>Set to 1 when the model can look at images.</summary>
    public const string ImagesVariable = "FATHOM_MODEL_SEES_IMAGES";

    private static readonly string[] KeyedProviders = [ModelSpec.OpenAI, ModelSpec.OpenAICompatible, ModelSpec.DashScope, ModelSpec.OpenRouter];

    /// <summary>Whether <paramref name="spec"/> names a language model rather than a built-in one.</summary>
    public static bool IsSpec(string spec) => spec.Contains(':', StringComparison.Ordinal);

    /// <summary>The research model for <paramref name="spec"/>; its chat clients log to <paramref name="loggers"/> when given.</summary>
    /// <exception cref="ArgumentException">The spec is malformed or a key is missing; the message says what to fix.</exception>
    public static IResearchModel Create(string spec, Func<string, string?> environment, ILoggerFactory? loggers = null)
    {
        try
        {
            var specs = new ChatModelSpecs(spec.Trim(), environment(ReaderVariable), environment(WriterVariable));
            var keys = KeyedProviders
                .Select(p => (Provider: p, Key: environment(OpenAIChatProvider.EnvironmentName(p))))
                .Where(k => !string.IsNullOrWhiteSpace(k.Key))
                .ToDictionary(k => k.Provider, k => new ApiKey(k.Key!));
            var roles = specs.Build(new ChatClientFactory(new GgufChatProvider()), new ModelProviderOptions { ApiKeys = keys, LoggerFactory = loggers });
            var chat = new ChatResearchModel(roles, new ChatModelOptions
            {
                Name = specs.Name,
                Prices = environment(PricesVariable) is { Length: > 0 } prices ? PriceTable.Parse(prices) : PriceTable.Empty,
                SupportsImages = environment(ImagesVariable) is "1" or "true",
            });

            // A careless model's answers are judged, and the built-in model answers where they fail;
            // the engine gives the judge its embedder (EngineFactory).
            return FallbackResearchModel.Guarded(chat);
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or NotSupportedException or FileNotFoundException)
        {
            throw new ArgumentException(ex.Message, ex);
        }
    }
}
