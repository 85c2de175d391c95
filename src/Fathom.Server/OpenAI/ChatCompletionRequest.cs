using System.Text;
using System.Text.Json;
using Fathom.Research;

namespace Fathom.Server.OpenAI;

/// <summary>
/// A validated <c>POST /v1/chat/completions</c> body. The conversation maps as on the DashScope
/// endpoint: the user turns before the first assistant turn are the question, an assistant turn is
/// the clarifying questions Fathom asked, and the user turns after it are the answers.
/// </summary>
internal sealed record ChatCompletionRequest(string Model, ResearchRequest Research, bool Stream, bool IncludeUsage)
{
    public static (ChatCompletionRequest? Request, OpenAIError? Error) Parse(JsonElement root, ResearchLimits limits)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Fail("The request body must be a JSON object with \"model\" and \"messages\".");
        }

        if (!root.TryGetProperty("model", out var m) || m.ValueKind != JsonValueKind.String || m.GetString()!.Length == 0)
        {
            return Fail($"\"model\" is required: {string.Join(" or ", OpenAIModels.Names)}.", "model");
        }

        var model = m.GetString()!;
        if (OpenAIModels.StyleOf(model) is not { } style)
        {
            return (null, OpenAIError.ModelNotFound(model));
        }

        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            return Fail("\"messages\" must be a non-empty array of {\"role\", \"content\"} messages.", "messages");
        }

        var stream = false;
        if (root.TryGetProperty("stream", out var s) && s.ValueKind != JsonValueKind.Null)
        {
            if (s.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return Fail("\"stream\" must be true or false.", "stream");
            }

            stream = s.GetBoolean();
        }

        var includeUsage = root.TryGetProperty("stream_options", out var so) && so.ValueKind == JsonValueKind.Object
            && so.TryGetProperty("include_usage", out var iu) && iu.ValueKind == JsonValueKind.True;

        var turns = new List<(string Role, string Text)>();
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var at = $"messages[{index++}]";
            if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("role", out var r) || r.ValueKind != JsonValueKind.String)
            {
                return Fail($"{at} needs a \"role\".", at);
            }

            var role = r.GetString()!;
            if (role is "system" or "developer")
            {
                continue; // Fathom's stages bring their own instructions.
            }

            if (role is not ("user" or "assistant"))
            {
                return Fail($"{at} has role '{role}'; use user or assistant (system and developer messages are accepted and ignored).", at);
            }

            message.TryGetProperty("content", out var content);
            if (Text(content) is not { } text)
            {
                return Fail($"{at}.content must be a string or an array of {{\"type\": \"text\", \"text\": …}} parts.", at + ".content");
            }

            turns.Add((role, text));
        }

        if (turns.Count == 0 || turns[0].Role != "user" || turns[^1].Role != "user" || turns[0].Text.Trim().Length == 0)
        {
            return Fail("The conversation must start with the question as a user message and end with a user message.", "messages");
        }

        var firstAssistant = turns.FindIndex(t => t.Role == "assistant");
        var question = string.Join("\n\n", (firstAssistant < 0 ? turns : turns.Take(firstAssistant)).Select(t => t.Text));
        var asked = firstAssistant < 0 ? null : turns.Last(t => t.Role == "assistant").Text;
        var answer = firstAssistant < 0 ? null : string.Join("\n\n", turns.Skip(firstAssistant).Where(t => t.Role == "user" && t.Text.Length > 0).Select(t => t.Text));
        var research = new ResearchRequest
        {
            Question = question,
            ClarificationAsked = asked,
            ClarificationAnswer = answer,
            AllowClarification = asked is null,
            Style = style,
            Limits = limits,
        };
        return (new ChatCompletionRequest(model, research, stream, includeUsage), null);
    }

    private static string? Text(JsonElement content)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                return content.GetString();
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return "";
            case JsonValueKind.Array:
                var text = new StringBuilder();
                foreach (var part in content.EnumerateArray())
                {
                    if (part.ValueKind != JsonValueKind.Object || !part.TryGetProperty("text", out var t) || t.ValueKind != JsonValueKind.String)
                    {
                        return null;
                    }

                    text.Append(text.Length > 0 ? "\n" : "").Append(t.GetString());
                }

                return text.ToString();
            default:
                return null;
        }
    }

    private static (ChatCompletionRequest?, OpenAIError?) Fail(string message, string? param = null) => (null, OpenAIError.Invalid(message, param));
}
