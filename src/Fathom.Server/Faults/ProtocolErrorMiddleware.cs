using Fathom.Research;
using Fathom.Server.DashScope;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Fathom.Server.Faults;

/// <summary>
/// Gives every error on every route a body in the protocol's format: an unknown route or method,
/// a client fault the server notices while reading the request (bad chunking, a body shorter than
/// its length, an upload too slow, a body too large), and a fault of the server's own. Client
/// faults are logged as such, in one line without a stack trace; only the server's own faults carry one.
/// </summary>
internal sealed partial class ProtocolErrorMiddleware(RequestDelegate next, ILogger<ProtocolErrorMiddleware> log)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException ex)
        {
            LogClientFault(log, context.Request.Method, context.Request.Path, ex.StatusCode, ex.Message);
            await TryWriteAsync(context, ClientFault(ex.StatusCode, ex.Message));
            return;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return; // The client went away; there is no one to answer.
        }
        catch (Exception ex) when (ex is IOException or ConnectionAbortedException)
        {
            // The connection broke while the request was read or answered: the client's doing. A read from
            // a connection Kestrel dropped throws ConnectionAbortedException, which can come before
            // RequestAborted is cancelled (Kestrel cancels it later, from the thread pool).
            LogClientGone(log, context.Request.Method, context.Request.Path, ex.Message);
            return;
        }
        catch (Exception ex)
        {
            LogServerFault(log, context.Request.Method, context.Request.Path, ex);
            await TryWriteAsync(context, DashScopeError.Internal("The fault is logged on the server."));
            return;
        }

        var response = context.Response;
        if (!response.HasStarted && response.StatusCode is 404 or 405 && response.ContentLength is null && response.ContentType is null)
        {
            await TryWriteAsync(context, response.StatusCode == 404
                ? new DashScopeError(404, "NotFound", $"There is no {context.Request.Path} on this server. The API is POST {GenerationEndpoint.Route} and /api/v1/research/{{id}}.")
                : new DashScopeError(405, "MethodNotAllowed", $"{context.Request.Path} does not take {context.Request.Method}."));
        }
    }

    /// <summary>The protocol's error for a fault Kestrel found in the request.</summary>
    internal static DashScopeError ClientFault(int status, string detail) => status switch
    {
        StatusCodes.Status408RequestTimeout => new(408, "RequestTimeOut", $"Request timed out, please try again later. The request body arrived too slowly ({detail.TrimEnd('.')})."),
        StatusCodes.Status413PayloadTooLarge => new(413, "BadRequest.TooLarge", $"Payload Too Large: {detail.TrimEnd('.')}."),
        _ => DashScopeError.InvalidParameter($"The request could not be read: {detail.TrimEnd('.')}. Send a complete body whose length matches its Content-Length, or valid chunks."),
    };

    private static async Task TryWriteAsync(HttpContext context, DashScopeError error)
    {
        if (context.Response.HasStarted || context.RequestAborted.IsCancellationRequested)
        {
            return; // A stream that started ends as its writer left it; the client sees it stop.
        }

        var requestId = context.Response.Headers["x-request-id"] is { Count: > 0 } id ? id.ToString() : ResearchEngine.NewRunId();
        var asStream = string.Equals(context.Request.Headers["X-DashScope-SSE"], "enable", StringComparison.OrdinalIgnoreCase);
        try
        {
            context.Response.Clear();
            if (error.HttpStatus is 400 or 408 or 413)
            {
                context.Response.Headers.Connection = "close"; // what is left of the request cannot be read
            }

            await ErrorResponse.WriteAsync(context, error, requestId, asStream);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or InvalidOperationException)
        {
            // The connection is gone.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Client error on {Method} {Path}: {Status} {Reason}")]
    private static partial void LogClientFault(ILogger logger, string method, PathString path, int status, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Client went away during {Method} {Path}: {Reason}")]
    private static partial void LogClientGone(ILogger logger, string method, PathString path, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Server fault on {Method} {Path}")]
    private static partial void LogServerFault(ILogger logger, string method, PathString path, Exception exception);
}

/// <summary>Puts <see cref="ProtocolErrorMiddleware"/> first in the pipeline, whatever the host maps after it.</summary>
internal sealed class ProtocolErrorStartupFilter : Microsoft.AspNetCore.Hosting.IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<ProtocolErrorMiddleware>();
        next(app);
    };
}
