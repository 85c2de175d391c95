using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fathom.Models.Providers;

/// <summary>Turns what a chat-completions server sent into one completion object, or says why it cannot.</summary>
public static class AnswerBody
{
    /// <summary>The completion in <paramref name="body"/>: a JSON completion as it is, or an event stream's chunks joined.</summary>
    /// <exception cref="ModelAnswerUnreadableException">The body is cut short or is not an answer; the message says which.</exception>
    public static JsonObject ToCompletion(string body)
    {
        var trimmed = body.TrimStart();
        if (trimmed.StartsWith('{'))
        {
            try
            {
                return JsonNode.Parse(trimmed) as JsonObject
                    ?? throw new ModelAnswerUnreadableException("the model's answer is not a chat completion object");
            }
            catch (JsonException ex)
            {
                throw new ModelAnswerUnreadableException("the model's answer is not complete JSON: it was cut off or malformed", ex);
            }
        }

        if (trimmed.StartsWith("data:", StringComparison.Ordinal) || trimmed.StartsWith("event:", StringComparison.Ordinal) || trimmed.StartsWith(':'))
        {
            return FromEvents(body);
        }

        throw new ModelAnswerUnreadableException(body.Length == 0
            ? "the model's answer was empty"
            : "the model's answer is neither a chat completion (JSON) nor an event stream");
    }

    /// <summary>A completion as a stream of one chunk and <c>[DONE]</c>, for a caller that asked to stream.</summary>
    public static string ToEventStream(JsonObject completion)
    {
        var choice = (completion["choices"] as JsonArray)?.FirstOrDefault() as JsonObject;
        var chunk = new JsonObject
        {
            ["id"] = completion["id"]?.DeepClone(),
            ["object"] = "chat.completion.chunk",
            ["created"] = completion["created"]?.DeepClone(),
            ["model"] = completion["model"]?.DeepClone(),
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["delta"] = choice?["message"]?.DeepClone() ?? new JsonObject(),
                ["finish_reason"] = choice?["finish_reason"]?.DeepClone(),
            }),
            ["usage"] = completion["usage"]?.DeepClone(),
        };
        return $"data: {chunk.ToJsonString()}\n\ndata: [DONE]\n\n";
    }

    private static JsonObject FromEvents(string body)
    {
        var content = new StringBuilder();
        string? finish = null, id = null, model = null;
        JsonNode? usage = null, created = null;
        var done = false;
        var chunks = 0;
        foreach (var raw in body.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (!raw.StartsWith("data:", StringComparison.Ordinal))
            {
                continue;
            }

            var data = raw[5..].Trim();
            if (data == "[DONE]")
            {
                done = true;
                break;
            }

            JsonObject chunk;
            try
            {
                chunk = JsonNode.Parse(data) as JsonObject ?? throw new ModelAnswerUnreadableException("an event of the model's answer is not a JSON object");
            }
            catch (JsonException ex)
            {
                throw new ModelAnswerUnreadableException("the model's event stream was cut off in the middle of an event", ex);
            }

            chunks++;
            id ??= chunk["id"]?.GetValue<string>();
            model ??= chunk["model"]?.GetValue<string>();
            created ??= chunk["created"]?.DeepClone();
            usage = chunk["usage"] is JsonObject u ? u.DeepClone() : usage;
            if ((chunk["choices"] as JsonArray)?.FirstOrDefault() is JsonObject choice)
            {
                if (choice["delta"]?["content"] is JsonValue piece && piece.TryGetValue<string>(out var text))
                {
                    content.Append(text);
                }

                if (choice["finish_reason"] is JsonValue reason && reason.TryGetValue<string>(out var f))
                {
                    finish = f;
                }
            }
        }

        if (chunks == 0)
        {
            throw new ModelAnswerUnreadableException("the model's event stream holds no answer");
        }

        if (!done && finish is null)
        {
            throw new ModelAnswerUnreadableException("the model's event stream ended before its last event: the answer was cut off");
        }

        return new JsonObject
        {
            ["id"] = id ?? "chatcmpl",
            ["object"] = "chat.completion",
            ["created"] = created ?? 0,
            ["model"] = model ?? "",
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content.ToString() },
                ["finish_reason"] = finish ?? "stop",
            }),
            ["usage"] = usage,
        };
    }
}
