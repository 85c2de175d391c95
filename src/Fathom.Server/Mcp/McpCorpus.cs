using Fathom.Research;
using Fathom.Search.Local;

namespace Fathom.Server.Mcp;

/// <summary>What Fathom's MCP tools work on: the engine for <c>deep_research</c>, the local index for <c>search</c> and <c>fetch</c>, and the run limits.</summary>
public sealed record McpCorpus(ResearchEngine Engine, LocalIndex? Index, ResearchLimits Limits);
