using Fathom.Models;
using Microsoft.Extensions.Logging;

namespace Fathom.Cli;

/// <summary>Turns a --model value into a research model.</summary>
public sealed class ModelCatalog(Func<string, IResearchModel>? resolve = null)
{
    /// <summary>The model used when none is named: the built-in extractive model, which needs no network.</summary>
    public const string Default = "extractive";

    /// <summary>
    /// Resolves <paramref name="spec"/>; throws an <see cref="ArgumentException"/> that lists the accepted forms.
    /// A language model logs its calls and retries to <paramref name="loggers"/> (messages only at Trace).
    /// </summary>
    public IResearchModel Resolve(string spec, ILoggerFactory? loggers = null) => resolve is not null ? resolve(spec) : BuiltIn(spec, loggers);

    private static IResearchModel BuiltIn(string spec, ILoggerFactory? loggers) => spec.Trim().ToLowerInvariant() switch
    {
        Default => new Fathom.Models.Extractive.ExtractiveResearchModel(),
        _ when LanguageModels.IsSpec(spec) => LanguageModels.Create(spec, Environment.GetEnvironmentVariable, loggers),
        _ => throw new ArgumentException($"Unknown model '{spec}'. Use 'extractive' (built in, offline) or a language model as PROVIDER:MODEL, e.g. openai:gpt-4o-mini, ollama:qwen3:8b, openai-compatible:MODEL@http://HOST:PORT/v1, gguf:PATH."),
    };
}
