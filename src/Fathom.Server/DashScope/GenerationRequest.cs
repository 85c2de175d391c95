using System.Text;
using System.Text.Json;
using Fathom.Research;
using Fathom.Tools;

namespace Fathom.Server.DashScope;

/// <summary>
/// A validated generation request: the model name asked for, the engine's request built from the
/// conversation, and how the stream should be written.
/// </summary>
internal sealed record GenerationRequest(string Model, ResearchRequest Research, bool Incremental, int ResearchToolCount)
{
    /// <summary>
    /// Reads and validates the body. Returns the first problem as the error the hosted service would
    /// send, with a message that names the field and the fix.
    /// </summary>
    public static (GenerationRequest? Request, DashScopeError? Error) Parse(
        JsonElement root, bool streamHeader, ModelCatalog models, ResearchLimits limits, Func<string?, string?>? addressProblem = null, InputLimits? inputLimits = null)
    {
        addressProblem ??= url => McpAddress.Problem(url, []);
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Fail("The request body must be a JSON object: {\"model\": …, \"input\": {\"messages\": […]}}.");
        }

        if (!root.TryGetProperty("model", out var modelElement) || modelElement.ValueKind == JsonValueKind.Null
            || (modelElement.ValueKind == JsonValueKind.String && modelElement.GetString()!.Length == 0))
        {
            return (null, DashScopeError.EmptyModel());
        }

        if (modelElement.ValueKind != JsonValueKind.String)
        {
            return Fail("\"model\" must be a string such as \"qwen-deep-research\".");
        }

        var model = modelElement.GetString()!;
        if (!models.Accepts(model))
        {
            return (null, DashScopeError.ModelNotFound(model, models.Names));
        }

        if (!root.TryGetProperty("input", out var input) || input.ValueKind != JsonValueKind.Object)
        {
            return (null, DashScopeError.EmptyInput());
        }

        var parameters = root.TryGetProperty("parameters", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
        if (root.TryGetProperty("parameters", out var pr) && pr.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
        {
            return Fail("\"parameters\" must be an object.");
        }

        if (!input.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            return Fail("input.messages must be a non-empty array of {\"role\", \"content\"} messages.");
        }

        var options = ReadOptions(root, parameters, addressProblem);
        if (options.Error is { } optionError)
        {
            return Fail(optionError);
        }

        if (!streamHeader && options.Stream != true)
        {
            return (null, DashScopeError.StreamOnly());
        }

        var conversation = ReadConversation(messages, inputLimits ?? new InputLimits());
        if (conversation.Error is { } conversationError)
        {
            return Fail(conversationError);
        }

        if (conversation.Images.Count > 0 && !models.Configured.SupportsImages)
        {
            return Fail(
                $"The model '{models.Configured.Name}' cannot read images, and the request carries {conversation.Images.Count}. " +
                "Start the server with a vision-capable language model (see `fathom serve --help`), or send text only.");
        }

        var research = new ResearchRequest
        {
            Question = conversation.Question,
            ClarificationAsked = conversation.Asked,
            ClarificationAnswer = conversation.Answer,
            AllowClarification = options.EnableFeedback && conversation.Asked is null,
            Style = options.Style,
            Images = conversation.Images,
            ResearchTools = options.Tools,
            Limits = limits,
        };
        return (new GenerationRequest(model, research, options.Incremental, options.Tools.Count), null);
    }

    private static (GenerationRequest?, DashScopeError?) Fail(string message) => (null, DashScopeError.InvalidParameter(message));

    private sealed record Options(bool Incremental, bool EnableFeedback, bool? Stream, ReportStyle Style, IReadOnlyList<McpServerSpec> Tools, string? Error = null);

    private static Options ReadOptions(JsonElement root, JsonElement parameters, Func<string?, string?> addressProblem)
    {
        var incremental = true;
        var feedback = true;
        bool? stream = null;
        var style = ReportStyle.Detailed;
        List<McpServerSpec> tools = [];
        string? error = null;
        if (parameters.ValueKind == JsonValueKind.Object)
        {
            error ??= Bool(parameters, "incremental_output", ref incremental);
            error ??= Bool(parameters, "enable_feedback", ref feedback);
            var s = false;
            if (parameters.TryGetProperty("stream", out _))
            {
                error ??= Bool(parameters, "stream", ref s);
                stream = s;
            }

            error ??= ReadStyle(parameters, "parameters.output_format", ref style);
            if (parameters.TryGetProperty("research_tools", out var list))
            {
                error ??= ResearchTools.Validate(list, addressProblem, out tools);
            }
        }

        error ??= ReadStyle(root, "output_format", ref style);
        return new Options(incremental, feedback, stream, style, tools, error);
    }

    private static string? Bool(JsonElement parent, string name, ref bool value)
    {
        if (!parent.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            return $"parameters.{name} must be true or false.";
        }

        value = element.GetBoolean();
        return null;
    }

    private static string? ReadStyle(JsonElement parent, string label, ref ReportStyle style)
    {
        if (!parent.TryGetProperty("output_format", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        switch (element.ValueKind == JsonValueKind.String ? element.GetString() : null)
        {
            case "model_detailed_report":
                style = ReportStyle.Detailed;
                return null;
            case "model_summary_report":
                style = ReportStyle.Summary;
                return null;
            default:
                return $"{label} must be \"model_detailed_report\" or \"model_summary_report\".";
        }
    }

    private sealed record Conversation(string Question, string? Asked, string? Answer, IReadOnlyList<ImageInput> Images, string? Error = null);

    private const string RoleRule = "Role must be user or assistant and Content length must be greater than 0";

    private static Conversation ReadConversation(JsonElement messages, InputLimits limits)
    {
        long characters = 0, tokens = 0;
        var turns = new List<(string Role, string Text)>();
        var images = new List<ImageInput>();
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var where = $"input.messages[{index}]";
            index++;
            if (message.ValueKind != JsonValueKind.Object
                || !message.TryGetProperty("role", out var roleElement) || roleElement.ValueKind != JsonValueKind.String)
            {
                return Bad($"{RoleRule}: {where} needs a \"role\".");
            }

            var role = roleElement.GetString()!;
            if (role is not ("user" or "assistant" or "system"))
            {
                return Bad($"{RoleRule}: {where} has role '{role}'.");
            }

            message.TryGetProperty("content", out var content);
            var (text, error) = ReadContent(content, where, role, images);
            if (error is not null)
            {
                return Bad(error);
            }

            var size = (Characters: (long)text.Length, Tokens: InputText.Tokens(text));
            characters += size.Characters;
            tokens += size.Tokens;
            if (size.Characters > limits.MaxMessageCharacters || size.Tokens > limits.MaxMessageTokens)
            {
                return Bad($"{where} has {InputText.Count(size.Characters)} characters (about {InputText.Count(size.Tokens)} tokens); a message may have at most " +
                    $"{InputText.Count(limits.MaxMessageCharacters)} characters and {InputText.Count(limits.MaxMessageTokens)} tokens. Shorten it.");
            }

            if (characters > limits.MaxTotalCharacters || tokens > limits.MaxTotalTokens)
            {
                return Bad($"The messages have {InputText.Count(characters)} characters (about {InputText.Count(tokens)} tokens) up to {where}; together they may have at most " +
                    $"{InputText.Count(limits.MaxTotalCharacters)} characters and {InputText.Count(limits.MaxTotalTokens)} tokens. Shorten the conversation.");
            }

            if (role == "system")
            {
                continue; // Accepted for compatibility; Fathom's stages bring their own instructions.
            }

            turns.Add((role, text));
        }

        if (images.Count > ImagePart.MaxImages)
        {
            return Bad($"The request carries {images.Count} images; at most {ImagePart.MaxImages} are allowed.");
        }

        if (turns.Count == 0 || turns[0].Role != "user" || turns[^1].Role != "user")
        {
            return Bad($"{RoleRule}: the conversation must start and end with a user message.");
        }

        if (InputText.IsBlank(turns[0].Text))
        {
            return Bad($"{RoleRule}: the first user message must carry the question as text (it holds only white space or invisible characters).");
        }

        var firstAssistant = turns.FindIndex(t => t.Role == "assistant");
        if (firstAssistant < 0)
        {
            // Several user turns and no assistant turn: they all state the question.
            return new Conversation(string.Join("\n\n", turns.Select(t => t.Text)), null, null, images);
        }

        var asked = turns.Last(t => t.Role == "assistant").Text;
        var answer = string.Join("\n\n", turns.Skip(firstAssistant).Where(t => t.Role == "user" && t.Text.Length > 0).Select(t => t.Text));
        var question = string.Join("\n\n", turns.Take(firstAssistant).Select(t => t.Text));
        return new Conversation(question, asked, answer, images);

        static Conversation Bad(string error) => new("", null, null, [], error);
    }

    private static (string Text, string? Error) ReadContent(JsonElement content, string where, string role, List<ImageInput> images)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                var s = content.GetString()!;
                // The first question is checked later; answers may be empty, as some clients send them.
                return (s, null);
            case JsonValueKind.Undefined or JsonValueKind.Null when role != "user":
                return ("", null);
            case JsonValueKind.Array when role == "user":
                var text = new StringBuilder();
                var part = 0;
                foreach (var item in content.EnumerateArray())
                {
                    var at = $"{where}.content[{part++}]";
                    if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String)
                    {
                        text.Append(text.Length > 0 ? "\n" : "").Append(t.GetString());
                    }
                    else if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("image", out var i) && i.ValueKind == JsonValueKind.String)
                    {
                        if (images.Count >= ImagePart.MaxImages)
                        {
                            return ("", $"The request carries more than {ImagePart.MaxImages} images; at most {ImagePart.MaxImages} are allowed.");
                        }

                        var (image, error) = ImagePart.Parse(i.GetString()!, at);
                        if (error is not null)
                        {
                            return ("", error);
                        }

                        images.Add(image!);
                    }
                    else
                    {
                        return ("", $"{at} must be {{\"text\": \"…\"}} or {{\"image\": \"<URL or base64>\"}}.");
                    }
                }

                return (text.ToString(), null);
            default:
                return ("", $"{RoleRule}: {where} ({role}) needs \"content\" as a string{(role == "user" ? " or an array of text and image parts" : "")}.");
        }
    }
}
