using Fathom.Tools;

namespace Fathom.Cli.Infrastructure;

/// <summary>
/// Reads <c>--mcp LABEL=URL</c>, <c>--mcp-token LABEL=TOKEN</c> and <c>--mcp-tools LABEL=TOOL,TOOL</c>
/// into MCP servers that may call the tools named, or <c>search</c> and <c>fetch</c> when none are.
/// </summary>
public static class McpOption
{
    /// <exception cref="ArgumentException">A value is malformed, a token names no server, or an address is refused; the message says which.</exception>
    public static IReadOnlyList<McpServerSpec> Parse(IReadOnlyList<string> servers, IReadOnlyList<string> tokens, IReadOnlyList<string> allowedHosts, Func<string, string?> environment, IReadOnlyList<string>? tools = null)
    {
        var toolsByLabel = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var option in tools ?? [])
        {
            var (label, value) = Split(option, "--mcp-tools", "LABEL=TOOL,TOOL");
            toolsByLabel[label] = [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];
        }

        var byLabel = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var token in tokens)
        {
            var (label, value) = Split(token, "--mcp-token", "LABEL=TOKEN");
            byLabel[label] = value.StartsWith("env:", StringComparison.Ordinal)
                ? environment(value[4..]) ?? throw new ArgumentException($"--mcp-token {label}: the environment variable {value[4..]} is not set.")
                : value;
        }

        var specs = new List<McpServerSpec>();
        foreach (var server in servers)
        {
            var (label, url) = Split(server, "--mcp", "LABEL=URL");
            if (specs.Any(s => s.Label == label))
            {
                throw new ArgumentException($"--mcp {label} is given twice; give each server its own label.");
            }

            if (McpAddress.Problem(url, [.. allowedHosts]) is { } problem)
            {
                throw new ArgumentException($"--mcp {label}: the address {problem}.");
            }

            specs.Add(new McpServerSpec(label, new Uri(url), toolsByLabel.GetValueOrDefault(label) ?? ["search", "fetch"]) { BearerToken = byLabel.GetValueOrDefault(label) });
        }

        if (byLabel.Keys.FirstOrDefault(l => specs.All(s => s.Label != l)) is { } orphan)
        {
            throw new ArgumentException($"--mcp-token {orphan} names no --mcp server; add --mcp {orphan}=URL.");
        }

        if (toolsByLabel.Keys.FirstOrDefault(l => specs.All(s => s.Label != l)) is { } stray)
        {
            throw new ArgumentException($"--mcp-tools {stray} names no --mcp server; add --mcp {stray}=URL.");
        }

        return specs;
    }

    private static (string Label, string Value) Split(string option, string name, string shape)
    {
        var eq = option.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0 || eq == option.Length - 1)
        {
            throw new ArgumentException($"{name} takes {shape} (got '{(name == "--mcp-token" ? "…" : option)}').");
        }

        return (option[..eq].Trim(), option[(eq + 1)..].Trim());
    }
}
