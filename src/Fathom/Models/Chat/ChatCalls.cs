using System.Text.Json.Serialization.Metadata;
using Fathom.Models.Providers;
using Fathom.Research;
using Microsoft.Extensions.AI;

namespace Fathom.Models.Chat;

/// <summary>
/// Makes the model calls of a run: checks the budgets before a call, records usage and cost after
/// it, strips thinking, asks once for a repair of an unusable answer, and turns what cannot be used
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
    /// One call. Research stages keep the writer's reserve free and stop once a budget is spent; the
    /// writer may use the reserve, but never crosses the ceiling itself.
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
        var usage = context.Usage;
        var model = client.GetService<ChatClientMetadata>()?.DefaultModelId ?? options.Name;
        var input = TokenEstimate.Of(conversation);
        var output = (long)(chatOptions.MaxOutputTokens ?? options.MaxAnswerTokens);
        if (!forWriting && usage.ExhaustedBudget() is not null)
        {
            return CallOutcome<(string, ChatFinishReason?)>.Failed(CallFailure.Budget);
        }

        // The writer may use the reserve kept for it; research may not.
        var worstCost = options.Prices.Cost(model, input, output);
        var held = input + output;
        var gate = BudgetGate.Of(usage);
        var reserve = forWriting ? 0 : WriterReserve(usage);
        var reportTokens = Math.Min(reserve, options.MaxReportTokens);
        var reserveCost = Math.Min(options.Prices.Cost(model, reserve - reportTokens, reportTokens), (usage.CostBudget ?? 0) / 2);
        if (gate.TryReserve(usage, held, worstCost, reserve, reserveCost) is { } budget)
        {
            usage.Decline(budget);
            return CallOutcome<(string, ChatFinishReason?)>.Failed(CallFailure.Budget);
        }

        try
        {
            return await CallAndRecordAsync(context, client, stage, conversation, chatOptions, model, input, cancellationToken);
        }
        finally
        {
            gate.Release(held, worstCost);
        }
    }

    private async Task<CallOutcome<(string Text, ChatFinishReason? Finish)>> CallAndRecordAsync(
        ResearchContext context,
        IChatClient client,
        string stage,
        List<ChatMessage> conversation,
        ChatOptions chatOptions,
        string model,
        long input,
        CancellationToken cancellationToken)
    {
        var usage = context.Usage;
        ChatResponse response;
        try
        {
            response = await client.GetResponseAsync(conversation, chatOptions, cancellationToken);
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

        var spentIn = response.Usage?.InputTokenCount ?? input;
        var spentOut = response.Usage?.OutputTokenCount ?? TokenEstimate.Of(response.Text);
        // The server names the exact model that answered; the configured name prices it when the exact one has no price.
        var price = options.Prices.Find(response.ModelId) ?? options.Prices.Find(model);
        usage.Add(new TokenUsage(spentIn, spentOut, price?.Cost(spentIn, spentOut) ?? 0m));
        return CallOutcome<(string, ChatFinishReason?)>.Ok((ThinkTags.Strip(response.Text), response.FinishReason));
    }

    /// <summary>
    /// Tokens research leaves for writing (their price is kept free of a money budget too, up to a
    /// half of it): the configured reserve, but never more than a quarter of a token budget.
    /// </summary>
    private long WriterReserve(UsageMeter usage) => usage switch
    {
        { TokenBudget: { } budget } => Math.Min(options.WriterReserveTokens, budget / 4),
        { CostBudget: not null } => options.WriterReserveTokens,
        _ => 0,
    };
}
