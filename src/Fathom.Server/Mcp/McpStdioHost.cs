using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fathom.Server.Mcp;

/// <summary><c>fathom mcp</c>: Fathom's MCP tools over stdio, for agents that start it as a subprocess.</summary>
public static class McpStdioHost
{
    /// <summary>
    /// Serves the tools on stdin/stdout until the client closes stdin or <paramref name="cancellationToken"/> fires.
    /// Stdout carries protocol messages only; logs go to stderr. The server answers at once; tool calls
    /// wait for <paramref name="corpus"/> (still being indexed, perhaps).
    /// </summary>
    public static async Task RunAsync(Task<McpCorpus> corpus, CancellationToken cancellationToken)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(new McpCorpusSource(corpus));
        builder.Services.AddMcpServer(o => o.ServerInfo = new() { Name = "fathom", Version = McpServerEndpoints.ServerVersion })
            .WithStdioServerTransport()
            .WithTools<FathomMcpTools>();
        using var host = builder.Build();
        await host.RunAsync(cancellationToken);
    }
}
