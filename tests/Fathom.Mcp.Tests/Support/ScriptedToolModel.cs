using System.Runtime.CompilerServices;
using System.Text.Json;
using Fathom.Models.Chat;
using Microsoft.Extensions.AI;

namespace Fathom.Mcp.Tests.Support;

/// <summary>
/// A language model played by a script, for runs whose round planner may call MCP tools: the first
/// round plan asks for the scripted function calls, and each later answer is what a careful model
/// would give (a plan, findings quoting the page word for word, a report citing them). It records
/// every call, with the tools it was offered.
/// </summary>
internal sealed class ScriptedToolModel(params FunctionCallContent[] calls) : IChatClient
{
    private readonly List<(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)> _calls = [];
    private bool _called;

    /// <summary>The quote the reader takes from each page: the sentence that contains this.</summary>
    public string QuoteMarker { get; init; } = "42 percent";

    /// <summary>Whether the model answers 400 to a call that offers tools, as many local models do.</summary>
    public bool RefusesTools { get; init; }

    /// <summary>Each call made of the model: its stage and the names of the tools it was offered.</summary>
    public IReadOnlyList<(string Stage, IReadOnlyList<string> Tools, IReadOnlyList<ChatMessage> Messages)> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls.Select(c => (Stage(c.Options), (IReadOnlyList<string>)[.. (c.Options?.Tools ?? []).Select(t => t.Name)], c.Messages))];
            }
        }
    }

    /// <summary>The research model over this script, as a host builds it for a language model.</summary>
    public ChatResearchModel Model() => new(ChatModelRoles.Shared(this), new ChatModelOptions { Name = "scripted" });

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var conversation = messages.ToList();
        lock (_calls)
        {
            _calls.Add((conversation, options));
        }

        if (RefusesTools && options?.Tools is { Count: > 0 })
        {
            throw new HttpRequestException("this model does not support tools", null, System.Net.HttpStatusCode.BadRequest);
        }

        var stage = Stage(options);
        var answer = stage switch
        {
            "research_plan" => Json(new { brief = "Why startups fail, with figures.", outline = new[] { "Running out of cash" } }),
            "round_plan" when !_called && options?.Tools is { Count: > 0 } => null,
            "round_plan" => Json(new { stop = true, stop_reason = "the field notes answer it", goal = "", queries = Array.Empty<string>() }),
            "page_learning" => Learn(conversation),
            _ => Write(conversation),
        };
        if (answer is null)
        {
            _called = true;
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, [.. calls])) { FinishReason = ChatFinishReason.ToolCalls });
        }

        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, answer))
        {
            FinishReason = ChatFinishReason.Stop,
            Usage = new UsageDetails { InputTokenCount = 100, OutputTokenCount = 50, TotalTokenCount = 150 },
        });
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var update in (await GetResponseAsync(messages, options, cancellationToken)).ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    private static string Stage(ChatOptions? options) => options?.ResponseFormat is ChatResponseFormatJson { SchemaName: { } name } ? name : "write";

    /// <summary>Findings quoting the sentence of the page that holds <see cref="QuoteMarker"/>, as the page has it.</summary>
    private string Learn(List<ChatMessage> conversation)
    {
        var page = conversation.Last(m => m.Role == ChatRole.User).Text;
        var sentence = page.Split(['\n', '.'], StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim()).FirstOrDefault(s => s.Contains(QuoteMarker, StringComparison.Ordinal));
        return sentence is null
            ? Json(new { summary = "", findings = Array.Empty<object>() })
            : Json(new { summary = "A field note.", findings = new[] { new { claim = sentence, quote = sentence, relevance = 0.9 } } });
    }

    /// <summary>A report of the findings given, each quote a cited sentence.</summary>
    private static string Write(List<ChatMessage> conversation)
    {
        var material = conversation.Last(m => m.Role == ChatRole.User).Text;
        var number = System.Text.RegularExpressions.Regex.Match(material, @"\[(\d+)\]").Groups[1].Value;
        var quote = System.Text.RegularExpressions.Regex.Match(material, "\"([^\"]+)\"").Groups[1].Value.TrimEnd('.');
        return $"# Why startups fail\n\n## Running out of cash\n\n{quote} [[{number}]].\n";
    }

    private static string Json(object value) => JsonSerializer.Serialize(value);
}
