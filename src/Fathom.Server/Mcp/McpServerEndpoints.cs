using System.Text.Json.Nodes;
using Fathom.Server.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Fathom.Server.Mcp;

/// <summary>
/// <c>/mcp</c>: Fathom as an MCP server over streamable HTTP (and the legacy SSE endpoints below it),
/// behind the same API keys as the rest of the server.
/// </summary>
public static class McpServerEndpoints
{
    /// <summary>The route of the MCP endpoint.</summary>
    public const string Route = "/mcp";

    /// <summary>Registers Fathom's MCP tools over <paramref name="corpus"/> with the streamable HTTP transport.</summary>
    public static IServiceCollection AddFathomMcp(this IServiceCollection services, McpCorpus corpus)
    {
        services.AddSingleton(corpus);
        services.AddMcpServer(o => o.ServerInfo = new() { Name = "fathom", Version = ServerVersion })
            .WithHttpTransport()
            .WithTools<FathomMcpTools>();
        return services;
    }

    /// <summary>Maps <c>/mcp</c>; a request without a valid API key gets 401 before the MCP handler sees it.</summary>
    public static WebApplication MapMcpServer(this WebApplication app)
    {
        var keys = app.Services.GetRequiredService<ApiKeyRing>();
        app.UseWhen(
            c => c.Request.Path.StartsWithSegments(Route),
            branch => branch.Use(async (context, next) =>
            {
                if (context.Caller(keys) is null)
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    context.Response.Headers.WWWAuthenticate = "Bearer";
                    context.Response.ContentType = "application/json";
                    await context.Response.WriteAsync(
                        new JsonObject { ["error"] = "Invalid or missing API key: send Authorization: Bearer <key>, one of the server's keys (FATHOM_API_KEYS)." }.ToJsonString(),
                        context.RequestAborted);
                    return;
                }

                await next(context);
            }));
        app.MapMcp(Route);
        return app;
    }

    internal static string ServerVersion => typeof(McpServerEndpoints).Assembly.GetName().Version?.ToString() ?? "1.0";
}
