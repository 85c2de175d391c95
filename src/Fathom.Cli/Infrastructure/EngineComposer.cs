using Fathom.Composition;
using Fathom.Models;
using Fathom.Reading.Web;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Fathom.Cli.Infrastructure;

/// <summary>Builds the engine from a command's settings: the one place the command line composes it.</summary>
public static class EngineComposer
{
    /// <summary>
    /// The engine over the corpus, web searches and MCP servers the settings name; dispose it to close them.
    /// Its searches log to <paramref name="loggers"/> when given (queries only at Trace). With
    /// <paramref name="requestToolsOnly"/> (the server) an engine without a source of its own will do,
    /// because requests may bring their MCP servers.
    /// </summary>
    public static async Task<ComposedEngine> CreateAsync(
        EngineSettings settings, IResearchModel model, CliConsole console, TimeProvider time, CancellationToken cancellationToken, ILoggerFactory? loggers = null, bool requestToolsOnly = false)
    {
        var web = settings.Web.Length == 0 ? null : WebSetup.Create(
            settings.WebSearches,
            Environment.GetEnvironmentVariable,
            ArticleExtraction.Extractor!,
            new FetchOptions { AllowedHosts = settings.AllowHosts },
            Path.Combine(Storage.DataDirectory.Default(), "cache", "pages.db"));
        try
        {
            var handle = await EngineFactory.CreateAsync(
                new EngineOptions
                {
                    Model = model,
                    CorpusDirectory = settings.Corpus,
                    IndexPath = settings.Index,
                    ArticleExtractor = ArticleExtraction.Extractor,
                    SearchProviders = web?.SearchProviders ?? [],
                    Readers = web is null ? [] : [web.Reader],
                    ResearchTools = settings.McpServers,
                    ToolOptions = new Tools.McpToolOptions { Fetch = new FetchOptions { AllowedHosts = settings.AllowHosts } },
                    RequestToolsOnly = requestToolsOnly,
                    Time = time,
                    LoggerFactory = loggers,
                },
                new Progress<string>(f => console.Progress.MarkupLine($"[grey]indexing {Markup.Escape(f)}[/]")),
                cancellationToken);
            return new ComposedEngine(handle, web);
        }
        catch
        {
            web?.Dispose();
            throw;
        }
    }
}

/// <summary>An engine and the corpus index and web clients it holds open.</summary>
public sealed class ComposedEngine(EngineHandle handle, WebSetup? web) : IDisposable
{
    /// <summary>The engine.</summary>
    public Research.ResearchEngine Engine => handle.Engine;

    /// <summary>The corpus index, when the engine has one.</summary>
    public Search.Local.LocalIndex? Index => handle.Index;

    /// <inheritdoc />
    public void Dispose()
    {
        handle.Dispose();
        web?.Dispose();
    }
}
