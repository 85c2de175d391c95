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
    /// <summary>Asks for a JSON answer of <paramref name="type"/> that <paramref name="validate"/> accepts (it returns null or the problem).</summary>
    public Task<CallOutcome<T>> AskJsonAsync<T>(
        ResearchContext context,
        IChatClient client,
        string stage,
        IEnumerable<ChatMessage> messages,
        JsonTypeInfo<T> type,
        string schemaName,
        Func<T, string?> validate,
        CancellationToken cancellationToken)
        where T : class
    {
        var chatOptions = new ChatOptions
        {
            ResponseFormat = ChatResponseFormat.ForJsonSchema(ChatJson.Schema(type), schemaName),
            MaxOutputTokens = options.MaxAnswerTokens,
            Temperature = options.Temperature,
        };
        return AskAsync(context, client, stage, messages, chatOptions, text => ChatJson.Parse(text, type, validate), forWriting: false, "Answer with the JSON object only.", cancellationToken);
    }

    /// <summary>
    /// Asks and interprets the answer; an answer <paramref name="interpret"/> refuses (it returns the
    /// problem) is sent back once with the problem, and rejected if the second answer fails too.
    /// </summary>
    public async Task<CallOutcome<T>> AskAsync<T>(
        ResearchContext context,
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
            var reply = await CallAsync(context, client, stage, conversation, chatOptions, forWriting, cancellationToken);
            if (reply.Failure is { } failure)
            {
                if (earlier is not null && failure == CallFailure.Budget)
                {
                    context.RejectAnswer(stage, $"{earlier}; no repair was asked for: it would have crossed the budget");
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
                context.RejectAnswer(stage, $"{problem}; the repaired answer was unusable too");
                return CallOutcome<T>.Failed(CallFailure.Rejected);
            }

            earlier = problem;
            conversation.Add(new ChatMessage(ChatRole.Assistant, text.Length <= 4_000 ? text : text[..4_000]));
            conversation.Add(new ChatMessage(ChatRole.User, ChatPrompts.Format(ChatPrompts.Repair, problem, repairHint)));
        }
    }

    /// <summary>
    /// One call through the role's client under the run's budget (<see cref="BudgetedChatClient"/>):
    /// a call that would cross a limit is not made, and its usage is recorded when it is.
    /// </summary>
    private async Task<CallOutcome<(string Text, ChatFinishReason? Finish)>> CallAsync(
        ResearchContext context,
        IChatClient client,
        string stage,
        List<ChatMessage> conversation,
        ChatOptions chatOptions,
        bool forWriting,
        CancellationToken cancellationToken)
    {
        var budgeted = new BudgetedChatClient(client, context.Budget, options, forWriting);
        ChatResponse response;
        try
        {
            response = await budgeted.GetResponseAsync(conversation, chatOptions, cancellationToken);
        }
        catch (BudgetExceededException)
        {
            return CallOutcome<(string, ChatFinishReason?)>.Failed(CallFailure.Budget);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (ProviderFailure.IsFault(ex))
            {
                throw ModelProviderException.Fault(stage, ex);
            }

            context.RejectAnswer(stage, $"the model call failed: {ProviderFailure.Describe(ex)}");
            return CallOutcome<(string, ChatFinishReason?)>.Failed(CallFailure.ProviderFailed);
        }

        return CallOutcome<(string, ChatFinishReason?)>.Ok((ThinkTags.Strip(response.Text), response.FinishReason));
    }
}
