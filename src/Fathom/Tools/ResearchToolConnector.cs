using Microsoft.Extensions.Logging;

namespace Fathom.Tools;

/// <summary>
/// Opens the MCP servers a run may call: those configured for every run (<c>--mcp</c>) and those the
/// request names (<c>research_tools</c>). One HTTP connection pool, guarded by the address policy, serves all runs.
/// </summary>
public sealed class ResearchToolConnector : IDisposable
{
    private readonly Lazy<HttpClient> _http;
    private readonly ILoggerFactory? _logs;

    /// <summary>Creates the connector.</summary>
    /// <param name="options">Timeouts, caps and the address policy.</param>
    /// <param name="defaults">Servers every run calls.</param>
    /// <param name="logs">Where connection failures are logged (by server label and address only).</param>
    public ResearchToolConnector(McpToolOptions? options = null, IReadOnlyList<McpServerSpec>? defaults = null, ILoggerFactory? logs = null)
    {
        Options = options ?? new McpToolOptions();
        Defaults = defaults ?? [];
        _logs = logs;
        _http = new Lazy<HttpClient>(() => GuardedHttp.Create(Options.Fetch, Options.ConnectTimeout));
        foreach (var spec in Defaults)
        {
            if (McpAddress.Problem(spec.Url.OriginalString, Options.Fetch.AllowedHosts) is { } problem)
            {
                throw new ArgumentException($"--mcp {spec.Label}: the address {problem}.");
            }
        }
    }

    /// <summary>Timeouts, caps and the address policy.</summary>
    public McpToolOptions Options { get; }

    /// <summary>Servers every run calls.</summary>
    public IReadOnlyList<McpServerSpec> Defaults { get; }

    /// <summary>What is wrong with a server address a request names, or null when it may be tried.</summary>
    public string? AddressProblem(string? url) => McpAddress.Problem(url, Options.Fetch.AllowedHosts);

    /// <summary>The servers of one run: the defaults and <paramref name="requested"/>; nothing connects until first used.</summary>
    public ResearchToolSet Open(IReadOnlyList<McpServerSpec> requested)
    {
        var specs = Defaults.Concat(requested).ToList();
        if (specs.Count == 0)
        {
            return ResearchToolSet.Empty;
        }

        var log = _logs?.CreateLogger<McpToolServer>();
        return new ResearchToolSet([.. specs.Select(s => new McpToolServer(s, _http.Value, Options, log))], Options);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_http.IsValueCreated)
        {
            _http.Value.Dispose();
        }
    }
}
