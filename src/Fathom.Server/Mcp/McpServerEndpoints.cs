using System.Text.Json.Nodes;
using Fathom.Research;
using Fathom.Search.Local;
using Fathom.Server.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Fathom.Server.Mcp;

/// <summary>
/// <c>/mcp</c>: Fathom as an MCP server over streamable HTTP (and the legacy SSE endpoints below it),
/// behind <see cref="ApiKeyDefaults.CallerPolicy"/> like every other surface.
/// </summary>
public static class McpServerEndpoints
{
    /// <summary>The route of the MCP endpoint.</summary>
    public const string Route = "/mcp";

    /// <summary>
    /// A 401 as JSON-RPC clients can read it, with <c>WWW-Authenticate: Bearer</c>: MCP clients take the
    /// status from the response, so the body only has to say what to do.
    /// </summary>
    public static ApiKeyChallenge Challenge { get; } = new(async context =>
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(
            new JsonObject
            {
                ["jsonrpc"] = "2.0",
                ["error"] = new JsonObject { ["code"] = -32001, ["message"] = "Invalid or missing API key: send Authorization: Bearer <key>, one of the server's keys (FATHOM_API_KEYS)." },
                ["id"] = null,
            }.ToJsonString(),
            context.RequestAborted);
    });

    /// <summary>
    /// Registers Fathom's MCP tools with the streamable HTTP transport. <c>deep_research</c> is a stored
    /// run of the caller's key (the container's <see cref="ResearchEngine"/>); <c>search</c> and <c>fetch</c> read its <see cref="LocalIndex"/> when one is registered.
    /// </summary>
    public static IServiceCollection AddFathomMcp(this IServiceCollection services)
    {
        services.AddSingleton(sp => new McpCorpusSource(new McpCorpus(
            new StoredRunRunner(sp.GetRequiredService<Runs.RunCoordinator>()),
            sp.GetService<LocalIndex>(),
            sp.GetRequiredService<FathomServerOptions>().Limits)));
        services.AddMcpServer(o => o.ServerInfo = new() { Name = "fathom", Version = ServerVersion })
            .WithHttpTransport()
            .WithTools<FathomMcpTools>();
        return services;
    }

    /// <summary>Maps <c>/mcp</c>; a request without a valid API key gets 401 before the MCP handler sees it.</summary>
    public static IEndpointConventionBuilder MapMcpServer(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapMcp(Route)
            .RequireAuthorization(ApiKeyDefaults.CallerPolicy)
            .WithMetadata(Challenge);

    internal static string ServerVersion => typeof(McpServerEndpoints).Assembly.GetName().Version?.ToString() ?? "1.0";
}
