using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Fathom.Server.Hosting;

/// <summary>
/// One log line per request: method, route (the endpoint's pattern, so run ids and query strings
/// stay out), status and duration. Headers are never read, so neither a key nor an
/// <c>Authorization</c> header can reach the log. A stream is logged when it ends.
/// </summary>
internal sealed partial class RequestLogMiddleware(RequestDelegate next, ILogger<RequestLogMiddleware> log)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var status = StatusCodes.Status500InternalServerError;
        try
        {
            await next(context);
            status = context.Response.StatusCode;
        }
        finally
        {
            if (log.IsEnabled(LogLevel.Information))
            {
                var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
                var milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                LogRequest(log, context.Request.Method, route, status, milliseconds);
            }
        }
    }

    [LoggerMessage(EventId = 1, EventName = "Request", Level = LogLevel.Information, Message = "{Method} {Route} {Status} in {Milliseconds:0} ms")]
    private static partial void LogRequest(ILogger logger, string method, string route, int status, double milliseconds);
}

/// <summary>Puts <see cref="RequestLogMiddleware"/> first in the pipeline, so every response, refusals included, is logged.</summary>
internal sealed class RequestLogStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<RequestLogMiddleware>();
        next(app);
    };
}
