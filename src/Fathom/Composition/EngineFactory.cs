using Fathom.Diagnostics;
using Fathom.Models;
using Fathom.Reading;
using Fathom.Reading.Documents;
using Fathom.Research;
using Fathom.Search;
using Fathom.Search.Local;
using Fathom.Semantic;
using Fathom.Tools;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Fathom.Composition;

/// <summary>Builds a <see cref="ResearchEngine"/> from resolved options: the one composition root every host uses.</summary>
public static class EngineFactory
{
    /// <summary>
    /// Builds the engine. A corpus folder is opened through its index, which is built first when
    /// there is none; dispose the handle to close it.
    /// </summary>
    public static async Task<EngineHandle> CreateAsync(EngineOptions options, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var providers = new List<ISearchProvider>();
        var readers = new List<IPageReader>();
        LocalIndex? index = null;
        if (options.CorpusDirectory is { } corpus)
        {
            index = await OpenCorpusAsync(corpus, options.IndexPath, options.ArticleExtractor, progress, cancellationToken, options.Embedder);
            providers.Add(new LocalSearchProvider(index));
            readers.Add(new LocalPageReader(index));
        }

        providers.AddRange(options.SearchProviders);
        readers.AddRange(options.Readers);
        if (providers.Count == 0 && options.ResearchTools.Count == 0 && !options.RequestToolsOnly)
        {
            index?.Dispose();
            throw new ArgumentException("No search backend is configured: pass a corpus folder (--corpus DIR), configure a web search provider (--web) or an MCP server (--mcp LABEL=URL).");
        }

        ResearchToolConnector tools;
        try
        {
            tools = new ResearchToolConnector(options.ToolOptions, options.ResearchTools, options.LoggerFactory);
        }
        catch
        {
            index?.Dispose();
            throw;
        }

        // Every search is counted and traced, and logged when the host passed a logger factory.
        var decorated = providers.Select(p => Decorate(p, options.LoggerFactory)).ToList();
        // A guarded language model's judge reads queries, goals and claims by meaning with the
        // engine's embedder, and only lexically when the host runs without one. Judge and verifier
        // share one memory of embeddings: they read the same report and quotes.
        var embedder = options.Embedder is null ? null : new MemoizingEmbeddingGenerator(options.Embedder);
        var model = options.Model is FallbackResearchModel guarded ? guarded.WithEmbedder(embedder) : options.Model;
        var engine = new ResearchEngine(model, decorated, new TelemetryPageReader(new ReaderChain(readers)), options.Time) { Tools = tools, Embedder = embedder };
        return new EngineHandle(engine, index, tools);
    }

    private static ISearchProvider Decorate(ISearchProvider provider, ILoggerFactory? loggers)
    {
        var builder = new SearchProviderBuilder(provider).Use(p => new TelemetrySearchProvider(p));
        return (loggers is null ? builder : builder.UseLogging(loggers)).Build();
    }

    /// <summary>
    /// Opens the index of <paramref name="corpus"/>, building it when it is empty, and embedding its
    /// documents once when it was made before semantic search (or by another embedder).
    /// </summary>
    public static async Task<LocalIndex> OpenCorpusAsync(string corpus, string? indexPath, IArticleExtractor? extractor, IProgress<string>? progress, CancellationToken cancellationToken, IEmbeddingGenerator<string, Embedding<float>>? embedder = null)
    {
        if (!Directory.Exists(corpus))
        {
            throw new DirectoryNotFoundException($"The corpus folder '{corpus}' does not exist. Pass a folder of .md, .txt, .html, .pdf, .json or .jsonl files.");
        }

        var index = LocalIndex.Open(indexPath ?? LocalIndex.DefaultPathFor(corpus), embedder);
        if (index.DocumentCount == 0)
        {
            await index.UpdateAsync(corpus, new DocumentLoader(extractor), progress, cancellationToken);
        }
        else if (index.DocumentsAwaitingEmbedding is > 0 and var waiting)
        {
            progress?.Report($"The index {index.Path} has {waiting} documents without vectors (made before semantic search, or by another embedding model): embedding them once now.");
            await index.UpdateAsync(corpus, new DocumentLoader(extractor), progress, cancellationToken);
        }

        return index;
    }
}

/// <summary>An engine and what it holds open.</summary>
public sealed class EngineHandle(ResearchEngine engine, LocalIndex? index, IDisposable? tools = null) : IDisposable
{
    /// <summary>The engine.</summary>
    public ResearchEngine Engine => engine;

    /// <summary>The corpus index, when the engine has one.</summary>
    public LocalIndex? Index => index;

    /// <inheritdoc />
    public void Dispose()
    {
        index?.Dispose();
        tools?.Dispose();
    }
}
