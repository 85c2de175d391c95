using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fathom.Mcp.Tests.Support;

/// <summary>
/// An OpenAI-compatible chat-completions server on loopback whose answers come from a
/// <see cref="ScriptedToolModel"/>: requests are read back into messages, tools and the response
/// format, and tool calls go out as OpenAI's <c>tool_calls</c>. It keeps every request body.
/// </summary>
internal sealed class OpenAIWireModel : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _bodies = new();

    private OpenAIWireModel(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyList<JsonNode> Requests => [.. _bodies.Select(b => JsonNode.Parse(b)!)];

    public static async Task<OpenAIWireModel> StartAsync(ScriptedToolModel script)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new OpenAIWireModel(app);
        app.MapPost("/v1/chat/completions", async (HttpContext http) =>
        {
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            server._bodies.Enqueue(body);
            var (messages, options) = Read(body);
            var response = await script.GetResponseAsync(messages, options);
            await http.Response.WriteAsJsonAsync(Write(response));
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    private static (List<ChatMessage> Messages, ChatOptions Options) Read(string body)
    {
        var root = JsonNode.Parse(body)!.AsObject();
        var messages = new List<ChatMessage>();
        foreach (var m in root["messages"]!.AsArray())
        {
            var role = m!["role"]!.GetValue<string>();
            var text = m["content"] switch
            {
                JsonValue v => v.GetValue<string>(),
                JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>() ?? "")),
                _ => "",
            };
            if (role == "tool")
            {
                messages.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(m["tool_call_id"]!.GetValue<string>(), text)]));
                continue;
            }

            var contents = new List<AIContent>();
            if (text.Length > 0)
            {
                contents.Add(new TextContent(text));
            }

            foreach (var call in m["tool_calls"]?.AsArray() ?? [])
            {
                var arguments = JsonSerializer.Deserialize<Dictionary<string, object?>>(call!["function"]!["arguments"]!.GetValue<string>());
                contents.Add(new FunctionCallContent(call["id"]!.GetValue<string>(), call["function"]!["name"]!.GetValue<string>(), arguments));
            }

            messages.Add(new ChatMessage(new ChatRole(role), contents));
        }

        var options = new ChatOptions();
        if (root["response_format"]?["json_schema"] is JsonObject schema)
        {
            options.ResponseFormat = ChatResponseFormat.ForJsonSchema(JsonSerializer.SerializeToElement(schema["schema"]), schema["name"]!.GetValue<string>());
        }

        if (root["tools"] is JsonArray tools)
        {
            options.Tools = [.. tools.Select(t => (AITool)AIFunctionFactory.CreateDeclaration(
                t!["function"]!["name"]!.GetValue<string>(),
                t["function"]!["description"]?.GetValue<string>(),
                JsonSerializer.SerializeToElement(t["function"]!["parameters"])))];
        }

        return (messages, options);
    }

    private static JsonObject Write(ChatResponse response)
    {
        var message = response.Messages[^1];
        var calls = message.Contents.OfType<FunctionCallContent>().ToList();
        var reply = new JsonObject { ["role"] = "assistant", ["content"] = calls.Count > 0 ? null : message.Text };
        if (calls.Count > 0)
        {
            reply["tool_calls"] = new JsonArray([.. calls.Select(c => (JsonNode)new JsonObject
            {
                ["id"] = c.CallId,
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = c.Name, ["arguments"] = JsonSerializer.Serialize(c.Arguments) },
            })]);
        }

        return new JsonObject
        {
            ["id"] = "chatcmpl-" + Guid.NewGuid().ToString("N"),
            ["object"] = "chat.completion",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = "wire-model",
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = reply, ["finish_reason"] = calls.Count > 0 ? "tool_calls" : "stop" }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 100, ["completion_tokens"] = 50, ["total_tokens"] = 150 },
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
