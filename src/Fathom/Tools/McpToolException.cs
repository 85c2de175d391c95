namespace Fathom.Tools;

/// <summary>
/// An MCP server could not be reached, refused a call or answered something unusable. The message
/// names the server by label and address (never its token), because it reaches the run's events.
/// </summary>
public sealed class McpToolException(string message, Exception? inner = null) : Exception(message, inner);
