using Fathom.Server.Auth;
using Fathom.Server.DashScope;
using Fathom.Server.Runs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Fathom.Server;

/// <summary>
/// Maps the server's surfaces, each behind <see cref="ApiKeyDefaults.CallerPolicy"/>. A new surface
/// follows the same shape: a <c>MapXxx()</c> that requires the policy and, when its error format
/// differs, puts its own <see cref="ApiKeyChallenge"/> on its endpoints.
/// </summary>
public static class FathomEndpointRouteBuilderExtensions
{
    /// <summary>The DashScope-compatible endpoint, <c>POST /api/v1/services/aigc/text-generation/generation</c>.</summary>
    public static IEndpointConventionBuilder MapDashScope(this IEndpointRouteBuilder endpoints)
    {
        // Handlers are resolved per request, not at mapping: the options are validated when the server starts.
        return endpoints.MapPost(GenerationEndpoint.Route, c => c.RequestServices.GetRequiredService<GenerationEndpoint>().HandleAsync(c))
            .RequireAuthorization(ApiKeyDefaults.CallerPolicy)
            .WithMetadata(ApiKeyChallenge.DashScope);
    }

    /// <summary>The stored-run API under <c>/api/v1/research</c>: read, follow (SSE with <c>Last-Event-ID</c>), cancel, resume.</summary>
    public static RouteGroupBuilder MapRunApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(RunEndpoints.Prefix)
            .RequireAuthorization(ApiKeyDefaults.CallerPolicy)
            .WithMetadata(ApiKeyChallenge.DashScopeJson);
        group.MapGet("/{id}", (HttpContext c, string id, RunEndpoints stored) => stored.GetAsync(c, id));
        group.MapGet("/{id}/events", (HttpContext c, string id, RunEndpoints stored) => stored.EventsAsync(c, id));
        group.MapDelete("/{id}", (HttpContext c, string id, RunEndpoints stored) => stored.CancelAsync(c, id));
        group.MapPost("/{id}/resume", (HttpContext c, string id, RunEndpoints stored) => stored.ResumeAsync(c, id));
        return group;
    }
}
