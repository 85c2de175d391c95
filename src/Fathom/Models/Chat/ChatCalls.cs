using System.Text.Json.Serialization.Metadata;
using Fathom.Models.Providers;
using Fathom.Research;
using Microsoft.Extensions.AI;

namespace Fathom.Models.Chat;

/// <summary>
/// Makes the model calls of a run, each under the run's budget: strips thinking, asks once for a repair of an unusable answer, and turns what cannot be used
/// into a rejection the run lives with.
/// </summary>
internal sealed class ChatCalls(ChatModelOptions options)
{
    /// <summary>Model calls of one stage's tool loop, beyond which the model must answer without tools.</summary>
    private const int MaxToolIterations = 3;

    /// <summary>Whether the model answered 400 to a call that offered tools: many local models take none.</summary>
    private volatile bool _toolsRefused;

    /// <summary>Whether the model refused a call that offered tools; it is not offered them again.</summary>
    public bool ToolsRefused => _toolsRefused;

    /// <summary>
    /// Asks for a JSON answer of <paramref name="type"/> that <paramref name="validate"/> accepts (it
    /// returns null or the problem); the model may call <paramref name="tools"/> before it answers.
    /// </summary>
    public Task<CallOutcome<T>> AskJsonAsync<T>(
        RunSnapshot run,
        StageNotes notes,
        IChatClient client,
        string stage,
        IEnumerable<ChatMessage> messages,
        JsonTypeInfo<T> type,
        string schemaName,
        Func<T, string?> validate,
        IReadOnlyList<AITool> tools,
        CancellationToken cancellationToken)
        where T : class
    {
        var chatOptions = new ChatOptions
        {
            ResponseFormat = ChatResponseFormat.ForJsonSchema(ChatJson.Schema(type), schemaName),
            MaxOutputTokens = options.MaxAnswerTokens,
            Temperature = options.Temperature,
            Tools = tools.Count > 0 ? [.. tools] : null,
        };
        return AskAsync(run, notes, client, stage, messages, chatOptions, text => ChatJson.Parse(text, type, validate), forWriting: false, "Answer with the JSON object only.", cancellationToken);
    }

    /// <summary>
    /// Asks and interprets the answer; an answer <paramref name="interpret"/> refuses (it returns the
    /// problem) is sent back once with the problem, and rejected if the second answer fails too.
    /// </summary>
    public async Task<CallOutcome<T>> AskAsync<T>(
        RunSnapshot run,
        StageNotes notes,
        IChatClient client,
        string stage,
        IEnumerable<ChatMessage> messages,
        ChatOptions chatOptions,
        Func<string, (T? Value, string? Problem)> interpret,
        bool forWriting,
        string repairHint,
        CancellationToken cancellationToken)
    {
        var conversation = messages.ToList();
        string? earlier = null;
        for (var attempt = 1; ; attempt++)
        {
            var reply = await CallAsync(run, notes, client, stage, conversation, chatOptions, forWriting, cancellationToken);
            if (reply.Failure is { } failure)
            {
                if (earlier is not null && failure == CallFailure.Budget)
                {
                    notes.Reject(stage, $"{earlier}; no repair was asked for: it would have crossed the budget");
                }

                return CallOutcome<T>.Failed(failure);
            }

            var (text, finish) = reply.Value;
            var (value, problem) = LoopGuard.IsDegenerate(text)
                ? (default, "the answer repeats the same sentence over and over")
                : interpret(text);
            if (problem is null && value is not null)
            {
                return CallOutcome<T>.Ok(value);
            }

            problem ??= "the answer is empty";
            if (finish == ChatFinishReason.Length)
            {
                problem += " (the answer was cut off at the output limit: answer more briefly)";
            }

            if (attempt == 2)
            {
                notes.Reject(stage, $"{problem}; the repaired answer was unusable too");
                return CallOutcome<T>.Failed(CallFailure.Rejected);
            }

            earlier = problem;
            conversation.Add(new ChatMessage(ChatRole.Assistant, text.Length <= 4_000 ? text : text[..4_000]));
            conversation.Add(new ChatMessage(ChatRole.User, ChatPrompts.Format(ChatPrompts.Repair, problem, repairHint)));
        }
    }

    /// <summary>
    /// One call through the role's client under the run's budget (<see cref="BudgetedChatClient"/>):
    /// a call that would cross a limit is not made, and its usage is recorded when it is. With tools,
    /// M.E.AI's function-invoking loop answers the model's tool calls (each model call of the loop
    /// budgeted on its own) until the model answers, for at most <see cref="MaxToolIterations"/> calls.
    /// </summary>
    private async Task<CallOutcome<(string Text, ChatFinishReason? Finish)>> CallAsync(
        RunSnapshot run,
        StageNotes notes,
        IChatClient client,
        string stage,
        List<ChatMessage> conversation,
        ChatOptions chatOptions,
        bool forWriting,
        CancellationToken cancellationToken)
    {
        IChatClient budgeted = new BudgetedChatClient(client, run.Budget, options, forWriting);
        var tools = chatOptions.Tools is { Count: > 0 };
        if (tools && _toolsRefused)
        {
            chatOptions = chatOptions.Clone();
            chatOptions.Tools = null;
            tools = false;
        }

        if (tools)
        {
            // Not disposed: that would dispose the role's client, which outlives the call.
            budgeted = new FunctionInvokingChatClient(budgeted) { MaximumIterationsPerRequest = MaxToolIterations, AllowConcurrentInvocation = false };
        }

        ChatResponse response;
        try
        {
            response = await budgeted.GetResponseAsync(conversation, chatOptions, cancellationToken);
        }
        catch (BudgetExceededException)
        {
            return CallOutcome<(string, ChatFinishReason?)>.Failed(CallFailure.Budget);
        }
        catch (Exception ex) when (tools && ProviderFailure.StatusOf(ex) == 400)
        {
            // A model that takes no tools is asked again without them, and not offered them again:
            // the tools are an addition to the research, never a reason to lose a stage.
            _toolsRefused = true;
            notes.Reject(stage, $"the model refused the tools offered ({ProviderFailure.Describe(ex)}); it is asked without them from now on");
            return await CallAsync(run, notes, client, stage, conversation, chatOptions, forWriting, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (ProviderFailure.IsFault(ex))
            {
                throw ModelProviderException.Fault(stage, ex);
            }

            notes.Reject(stage, $"the model call failed: {ProviderFailure.Describe(ex)}");
            return CallOutcome<(string, ChatFinishReason?)>.Failed(CallFailure.ProviderFailed);
        }

        // After a tool loop the answer is the model's last message; what it said alongside its calls is not.
        var text = tools ? response.Messages.LastOrDefault(m => m.Role == ChatRole.Assistant)?.Text ?? "" : response.Text;
        return CallOutcome<(string, ChatFinishReason?)>.Ok((ThinkTags.Strip(text), response.FinishReason));
    }
}
