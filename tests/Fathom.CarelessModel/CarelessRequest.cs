using System.Text.Json;

namespace Fathom.CarelessModel;

/// <summary>What the careless model reads from a chat-completions request: the messages, the schema asked for, and whether to stream.</summary>
public sealed record CarelessRequest(string System, string User, IReadOnlyList<string> Others, string? SchemaName, bool Stream, string Body)
{
    /// <summary>Reads a request body; null when it is not a chat-completions request.</summary>
    public static CarelessRequest? Parse(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            string system = "", user = "";
            var others = new List<string>();
            foreach (var message in messages.EnumerateArray())
            {
                var role = message.GetProperty("role").GetString();
                var text = Text(message.GetProperty("content"));
                if (role is "system" or "developer" && system.Length == 0)
                {
                    system = text;
                }
                else if (role == "user" && user.Length == 0)
                {
                    user = text;
                }
                else
                {
                    others.Add(text);
                }
            }

            string? schema = null;
            if (root.TryGetProperty("response_format", out var format) && format.TryGetProperty("json_schema", out var s) && s.TryGetProperty("name", out var name))
            {
                schema = name.GetString();
            }

            var stream = root.TryGetProperty("stream", out var st) && st.ValueKind == JsonValueKind.True;
            return new CarelessRequest(system, user, others, schema, stream, body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The stage, as a model would tell it: by the schema's name, else by the instructions.</summary>
    public string Stage => SchemaName switch
    {
        "clarification" => "clarify",
        "research_plan" => "plan",
        "round_plan" => "plan_round",
        "page_learning" => "learn",
        _ when System.Contains("final report", StringComparison.OrdinalIgnoreCase) => "write",
        _ when System.Contains("\"findings\"", StringComparison.Ordinal) => "learn",
        _ when System.Contains("\"queries\"", StringComparison.Ordinal) => "plan_round",
        _ when System.Contains("\"outline\"", StringComparison.Ordinal) => "plan",
        _ when System.Contains("\"needed\"", StringComparison.Ordinal) => "clarify",
        _ => "chat",
    };

    /// <summary>The research question, from the user message's first block.</summary>
    public string Question
    {
        get
        {
            var lines = User.Split('\n');
            var at = Array.FindIndex(lines, l => l.StartsWith("Research question", StringComparison.OrdinalIgnoreCase));
            return at >= 0 && at + 1 < lines.Length ? lines[at + 1].Trim() : lines.FirstOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "";
        }
    }

    /// <summary>The outline's entries ("- title" lines after "Outline:"), if the message has them.</summary>
    public IReadOnlyList<string> Outline
    {
        get
        {
            var lines = User.Split('\n');
            var at = Array.FindIndex(lines, l => l.Trim() == "Outline:");
            return at < 0 ? [] : lines.Skip(at + 1).TakeWhile(l => l.StartsWith("- ", StringComparison.Ordinal)).Select(l => l[2..].Trim()).ToList();
        }
    }

    private static string Text(JsonElement content) => content.ValueKind switch
    {
        JsonValueKind.String => content.GetString() ?? "",
        JsonValueKind.Array => string.Concat(content.EnumerateArray().Where(p => p.TryGetProperty("text", out _)).Select(p => p.GetProperty("text").GetString())),
        _ => "",
    };
}
