using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Fathom.Models.Tests.Support;

/// <summary>A chat client whose every answer comes from a callback; it records what it was asked.</summary>
internal sealed class ScriptedChatClient(Func<ScriptedCall, ChatResponse> respond, string modelId = ScriptedChatClient.ModelId) : IChatClient
{
    public const string ModelId = "scripted-model";

    private readonly List<ScriptedCall> _calls = [];

    public IReadOnlyList<ScriptedCall> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    public IEnumerable<ScriptedCall> CallsOf(string stage) => Calls.Where(c => c.Stage == stage);

    /// <summary>How long each answer takes, so that concurrent calls overlap as they do with a real server.</summary>
    public TimeSpan Latency { get; init; }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency, cancellationToken);
        }

        cancellationToken.ThrowIfCancellationRequested();
        ScriptedCall call;
        lock (_calls)
        {
            call = new ScriptedCall(messages.ToList(), options, _calls.Count(c => c.Stage == Stage(options)) + 1);
            _calls.Add(call);
        }

        return respond(call);
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("scripted", null, modelId)
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
    }

    public static string Stage(ChatOptions? options) => options?.ResponseFormat is ChatResponseFormatJson { SchemaName: { } name }
        ? name switch
        {
            "clarification" => "clarify",
            "research_plan" => "plan",
            "round_plan" => "plan_round",
            "page_learning" => "learn",
            _ => name,
        }
        : "write";

    /// <summary>An assistant answer with usage, as a provider reports it.</summary>
    public static ChatResponse Reply(string text, long input = 200, long output = 100) =>
        new(new ChatMessage(ChatRole.Assistant, text))
        {
            ModelId = ModelId,
            FinishReason = ChatFinishReason.Stop,
            Usage = new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output },
        };
}

/// <summary>One call the scripted client received.</summary>
internal sealed record ScriptedCall(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options, int NumberInStage)
{
    public string Stage => ScriptedChatClient.Stage(Options);

    public string System => Messages[0].Text;

    /// <summary>The first user message: the stage's material.</summary>
    public string Material => Messages.First(m => m.Role == ChatRole.User).Text;

    /// <summary>Whether this call asks to repair an earlier answer.</summary>
    public bool IsRepair => Messages.Count > 2 && Messages[^1].Role == ChatRole.User && Messages[^1].Text.Contains("could not be used", StringComparison.Ordinal);
}
