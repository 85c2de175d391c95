using System.Text.Json;
using Fathom.Models.Chat;
using Fathom.Models.Providers;
using Fathom.Models.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;

namespace Fathom.Models.Tests;

/// <summary>The Ollama provider against a Kestrel loopback server replaying Ollama's /api/chat responses.</summary>
public sealed class OllamaProviderTests
{
    private static Task Reply(HttpContext http, string body, string content)
    {
        http.Response.ContentType = "application/x-ndjson";
        var streaming = !JsonDocument.Parse(body).RootElement.TryGetProperty("stream", out var s) || s.ValueKind != JsonValueKind.False;
        var final = JsonSerializer.Serialize(new
        {
            model = "qwen3:8b",
            created_at = "2025-01-01T00:00:00Z",
            message = new { role = "assistant", content = streaming ? "" : content },
            done = true,
            done_reason = "stop",
            prompt_eval_count = 26,
            eval_count = 9,
        });
        if (!streaming)
        {
            return http.Response.WriteAsync(final);
        }

        var part = JsonSerializer.Serialize(new { model = "qwen3:8b", created_at = "2025-01-01T00:00:00Z", message = new { role = "assistant", content }, done = false });
        return http.Response.WriteAsync(part + "\n" + final + "\n");
    }

    [Fact]
    public async Task Plan_OverOllama_ParsesTheAnswerAndUsage()
    {
        await using var server = await LoopbackServer.StartAsync((http, n) =>
            Reply(http, BodyOf(http), """<think>hmm</think>{"brief": "Reasons startups fail.", "outline": ["Money"]}"""));
        var client = new ChatClientFactory().Create($"ollama:qwen3:8b@{server.BaseAddress}");
        var context = Contexts.For();

        var plan = await new ChatResearchModel(ChatModelRoles.Shared(client)).PlanAsync(context, default);

        Assert.Equal(["Money"], plan.Outline);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/api/chat", request.Path);
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal("qwen3:8b", body.GetProperty("model").GetString());
        Assert.True(body.GetProperty("format").GetProperty("properties").TryGetProperty("outline", out _), request.Body);
        Assert.Equal(26, context.Budget.Spent.InputTokens);
        Assert.Equal(9, context.Budget.Spent.OutputTokens);
    }

    [Fact]
    public async Task Response_503ThenSuccess_IsRetried()
    {
        await using var server = await LoopbackServer.StartAsync(async (http, n) =>
        {
            if (n == 1)
            {
                http.Response.StatusCode = 503;
                await http.Response.WriteAsync("""{"error": "server busy"}""");
                return;
            }

            await Reply(http, BodyOf(http), "hello");
        });
        var options = new ModelProviderOptions { Retry = new RetryOptions { BaseDelay = TimeSpan.FromMilliseconds(10) } };

        var response = await new ChatClientFactory().Create($"ollama:qwen3:8b@{server.BaseAddress}", options).GetResponseAsync("hi");

        Assert.Equal("hello", response.Text);
        Assert.Equal(2, server.Requests.Count);
    }

    /// <summary>The request body, read back from what the server recorded (the handler runs after recording).</summary>
    private static string BodyOf(HttpContext http) => (string)http.Items["body"]!;
}
