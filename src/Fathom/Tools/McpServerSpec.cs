using System.Text.Json.Serialization;

namespace Fathom.Tools;

/// <summary>
/// One MCP server a run may call (a <c>research_tools</c> item, or <c>--mcp LABEL=URL</c>): its label,
/// address, the tools it may use and the bearer token it wants. The token is never serialized, so
/// it cannot reach the run store, events or logs; a resumed run goes on without it.
/// </summary>
/// <param name="Label">The name events and notes use for the server.</param>
/// <param name="Url">Its MCP endpoint (streamable HTTP, or legacy SSE).</param>
/// <param name="AllowedTools">The only tools that may be called.</param>
public sealed record McpServerSpec(string Label, Uri Url, IReadOnlyList<string> AllowedTools)
{
    /// <summary>The bearer token sent in the Authorization header, if any.</summary>
    [JsonIgnore]
    public string? BearerToken { get; init; }

    /// <summary>The search provider's name for this server: <c>mcp:LABEL</c>.</summary>
    [JsonIgnore]
    public string ProviderName => "mcp:" + Label;

    /// <summary>Whether <paramref name="tool"/> is one of the allowed tools.</summary>
    public bool Allows(string tool) => AllowedTools.Contains(tool, StringComparer.Ordinal);

    /// <summary>Whether an allowed tool is one a model may call (any but <c>search</c> and <c>fetch</c>, which the run itself calls).</summary>
    [JsonIgnore]
    public bool OffersModelTools => AllowedTools.Any(t => !IsSourceTool(t));

    /// <summary>Whether <paramref name="tool"/> is <c>search</c> or <c>fetch</c>: the hosted convention's tools, which become a search provider and a reader.</summary>
    public static bool IsSourceTool(string tool) => tool is "search" or "fetch";

    /// <summary>Label and address only: a token must never be printed.</summary>
    public override string ToString() => $"{Label} ({McpAddress.Describe(Url)})";
}
