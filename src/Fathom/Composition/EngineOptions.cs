using Fathom.Reading;
using Fathom.Research;
using Fathom.Search;
using Fathom.Tools;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Fathom.Composition;

/// <summary>What an engine is made of, resolved by the host from its command line or configuration.</summary>
public sealed record EngineOptions
{
    /// <summary>The research model.</summary>
    public required IResearchModel Model { get; init; }

    /// <summary>A folder of local documents to research (indexed on first use).</summary>
    public string? CorpusDirectory { get; init; }

    /// <summary>Where the corpus index lives; defaults to one per folder in the user's cache.</summary>
    public string? IndexPath { get; init; }

    /// <summary>Further search providers (web search APIs, MCP tools).</summary>
    public IReadOnlyList<ISearchProvider> SearchProviders { get; init; } = [];

    /// <summary>Further page readers, asked after the local index.</summary>
    public IReadOnlyList<IPageReader> Readers { get; init; } = [];

    /// <summary>
    /// Embeds the corpus's chunks and the queries, making local search hybrid (BM25 fused with vector
    /// similarity), and lets the report's verifier keep cited paraphrases of a quote; full text and
    /// quote containment only when null.
    /// </summary>
    public IEmbeddingGenerator<string, Embedding<float>>? Embedder { get; init; }

    /// <summary>MCP servers every run searches and reads (<c>--mcp LABEL=URL</c>).</summary>
    public IReadOnlyList<McpServerSpec> ResearchTools { get; init; } = [];

    /// <summary>
    /// Whether an engine with no source of its own is wanted: a server whose requests bring their
    /// MCP servers (<c>research_tools</c>) as their only source.
    /// </summary>
    public bool RequestToolsOnly { get; init; }

    /// <summary>Timeouts, output caps and the address policy of MCP servers; defaults when null.</summary>
    public McpToolOptions? ToolOptions { get; init; }

    /// <summary>Extracts articles from HTML files in the corpus; plain text extraction when null.</summary>
    public IArticleExtractor? ArticleExtractor { get; init; }

    /// <summary>The clock; the system clock when null.</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>Where searches are logged (queries only at Trace); nothing is logged when null.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }
}
