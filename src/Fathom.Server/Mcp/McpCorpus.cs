using Fathom.Research;
using Fathom.Search.Local;

namespace Fathom.Server.Mcp;

/// <summary>What Fathom's MCP tools work on: how <c>deep_research</c> runs, the local index for <c>search</c> and <c>fetch</c>, and the run limits.</summary>
public sealed record McpCorpus(IResearchRunner Runner, LocalIndex? Index, ResearchLimits Limits)
{
    /// <summary>Tools that run research in process (stdio).</summary>
    public McpCorpus(ResearchEngine engine, LocalIndex? index, ResearchLimits limits)
        : this(new EngineRunner(engine), index, limits)
    {
    }
}
