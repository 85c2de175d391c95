using Fathom.Server.DashScope;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fathom.Server.Auth;

/// <summary>
/// How a surface tells a caller that its key is missing or wrong, in the surface's own error format.
/// Put it on an endpoint (or a route group) as metadata; without it the DashScope format is used.
/// </summary>
public sealed class ApiKeyChallenge(Func<HttpContext, Task> write)
{
    /// <summary>
    /// The DashScope format: 401 <c>InvalidApiKey</c>, as an SSE error event when the caller asked for a
    /// stream (<c>X-DashScope-SSE: enable</c>), else as JSON. The request id is the run id of the route, or a new one.
    /// </summary>
    public static ApiKeyChallenge DashScope { get; } = new(c => Write(c, GenerationEndpoint.AsksForStream(c.Request)));

    /// <summary>The DashScope JSON format whatever the request's headers: the run API answers in JSON only.</summary>
    public static ApiKeyChallenge DashScopeJson { get; } = new(c => Write(c, asStream: false));

    /// <summary>Writes the refusal.</summary>
    public Task WriteAsync(HttpContext context) => write(context);

    private static Task Write(HttpContext context, bool asStream)
    {
        var requestId = context.GetRouteValue("id") as string ?? Fathom.Research.ResearchEngine.NewRunId();
        return ErrorResponse.WriteAsync(context, DashScopeError.InvalidApiKey(), requestId, asStream);
    }
}
