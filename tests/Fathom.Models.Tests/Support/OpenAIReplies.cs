using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Fathom.Models.Tests.Support;

/// <summary>Chat-completions responses in OpenAI's documented wire format.</summary>
internal static class OpenAIReplies
{
    public static Task Completion(HttpContext context, string content, int promptTokens = 12, int completionTokens = 5)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            id = "chatcmpl-1",
            @object = "chat.completion",
            created = 1_700_000_000,
            model = "test-model-2025-01-01",
            choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = "stop" } },
            usage = new { prompt_tokens = promptTokens, completion_tokens = completionTokens, total_tokens = promptTokens + completionTokens },
        }));
    }

    public static Task Error(HttpContext context, int status, string message, string? retryAfter = null)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        return context.Response.WriteAsync(JsonSerializer.Serialize(new { error = new { message, type = "server_error", code = status.ToString(System.Globalization.CultureInfo.InvariantCulture) } }));
    }

    public static async Task StreamStart(HttpContext context)
    {
        context.Response.ContentType = "text/event-stream";
        await context.Response.StartAsync();
    }

    public static async Task Chunk(HttpContext context, string content, string? finish = null)
    {
        var chunk = JsonSerializer.Serialize(new
        {
            id = "chatcmpl-2",
            @object = "chat.completion.chunk",
            created = 1_700_000_000,
            model = "test-model-2025-01-01",
            choices = new[] { new { index = 0, delta = new { role = "assistant", content }, finish_reason = finish } },
        });
        await context.Response.WriteAsync($"data: {chunk}\n\n");
        await context.Response.Body.FlushAsync();
    }

    public static async Task Done(HttpContext context) => await context.Response.WriteAsync("data: [DONE]\n\n");

    public static bool IsStreaming(string body) => JsonDocument.Parse(body).RootElement.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
}
