namespace Fathom.Server.Mcp;

/// <summary>
/// The corpus the MCP tools work on, as it becomes ready. A stdio server answers <c>initialize</c>
/// and <c>tools/list</c> at once while its corpus is still being indexed (an agent that starts
/// <c>fathom mcp</c> gives up on a server that is silent for a minute); a tool call waits for it.
/// </summary>
public sealed class McpCorpusSource(Task<McpCorpus> corpus)
{
    /// <summary>A corpus that is ready now (the HTTP server builds its engine before it listens).</summary>
    public McpCorpusSource(McpCorpus corpus)
        : this(Task.FromResult(corpus))
    {
    }

    /// <summary>The corpus, once it is open; throws what opening it threw.</summary>
    public Task<McpCorpus> GetAsync(CancellationToken cancellationToken) => corpus.WaitAsync(cancellationToken);
}
