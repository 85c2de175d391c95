using Fathom.Reading.Web;

namespace Fathom.Tools;

/// <summary>Limits of MCP tool calls and the address policy MCP servers are held to. Resolved at the edge.</summary>
public sealed record McpToolOptions
{
    /// <summary>Connecting and initializing one server.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>One tool call.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The most characters of one tool result that are kept (the hosted convention recommends 100 000 per document).</summary>
    public int MaxOutputChars { get; init; } = 100_000;

    /// <summary>The most results taken from one search call (the convention's limit).</summary>
    public int MaxSearchResults { get; init; } = 30;

    /// <summary>Allowed private hosts and the User-Agent, shared with the web fetcher.</summary>
    public FetchOptions Fetch { get; init; } = new();
}
