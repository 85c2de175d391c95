using System.Text;
using Microsoft.AspNetCore.Http;

namespace Fathom.Server.DashScope;

/// <summary>Sends an error before any stream started: the real HTTP status, as SSE when the caller asked for a stream, else JSON.</summary>
internal static class ErrorResponse
{
    public static async Task WriteAsync(HttpContext context, DashScopeError error, string requestId, bool asStream)
    {
        var response = context.Response;
        response.StatusCode = error.HttpStatus;
        response.Headers["x-request-id"] = requestId;
        response.Headers["x-dashscope-requestid"] = requestId;
        if (asStream)
        {
            response.ContentType = DashScopeFrameWriter.ContentType;
            DashScopeFrameWriter.WriteError(response.BodyWriter, 1, error, requestId);
            await response.BodyWriter.FlushAsync(context.RequestAborted);
            return;
        }

        response.ContentType = "application/json";
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(DashScopeFrameWriter.ErrorJson(error, requestId)), context.RequestAborted);
    }
}
