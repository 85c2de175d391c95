using System.Runtime.CompilerServices;
using Fathom.Research;
using Microsoft.Extensions.AI;

namespace Fathom.Models.Chat;

/// <summary>
/// Puts one role's chat client under the run's budget: before a call it holds back the call's
/// worst case (the conversation's estimated tokens, the most output allowed, and their price), and
/// after it records what the call really spent. Research calls also keep the writer's reserve free,
/// so a run that spends its budget researching can still write. A call that would cross a limit is
/// not made: <see cref="BudgetExceededException"/> names the limit.
/// </summary>
internal sealed class BudgetedChatClient(IChatClient inner, RunBudget budget, ChatModelOptions options, bool forWriting) : DelegatingChatClient(inner)
{
    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? chatOptions = null, CancellationToken cancellationToken = default)
    {
        var conversation = messages as IReadOnlyCollection<ChatMessage> ?? messages.ToList();
        var (model, input) = (ModelId, TokenEstimate.Of(conversation));
        using var hold = Hold(model, input, chatOptions);
        var response = await base.GetResponseAsync(conversation, chatOptions, cancellationToken);
        hold.Record(Spent(model, response.ModelId, response.Usage, input, response.Text));
        return response;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? chatOptions = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var conversation = messages as IReadOnlyCollection<ChatMessage> ?? messages.ToList();
        var (model, input) = (ModelId, TokenEstimate.Of(conversation));
        using var hold = Hold(model, input, chatOptions);
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in base.GetStreamingResponseAsync(conversation, chatOptions, cancellationToken))
        {
            updates.Add(update);
            yield return update;
        }

        var response = updates.ToChatResponse();
        hold.Record(Spent(model, response.ModelId, response.Usage, input, response.Text));
    }

    private string ModelId => InnerClient.GetService<ChatClientMetadata>()?.DefaultModelId ?? options.Name;

    private BudgetHold Hold(string model, long input, ChatOptions? chatOptions)
    {
        var output = (long)(chatOptions?.MaxOutputTokens ?? options.MaxAnswerTokens);
        var reserve = forWriting ? 0 : WriterReserve();
        var reportTokens = Math.Min(reserve, options.MaxReportTokens);
        // The writer's reserve is kept free of a money budget too, up to a half of it.
        var reserveCost = Math.Min(options.Prices.Cost(model, reserve - reportTokens, reportTokens), (budget.Limits.CostBudget ?? 0) / 2);
        return budget.Reserve(input + output, options.Prices.Cost(model, input, output), forWriting, reserve, reserveCost);
    }

    /// <summary>What the call spent: the provider's count where it gives one, else the estimate, priced.</summary>
    private TokenUsage Spent(string model, string? answeredBy, UsageDetails? usage, long input, string text)
    {
        var spentIn = usage?.InputTokenCount ?? input;
        var spentOut = usage?.OutputTokenCount ?? TokenEstimate.Of(text);
        // The server names the exact model that answered; the configured name prices it when the exact one has no price.
        var price = options.Prices.Find(answeredBy) ?? options.Prices.Find(model);
        return new TokenUsage(spentIn, spentOut, price?.Cost(spentIn, spentOut) ?? 0m);
    }

    /// <summary>Tokens research leaves for writing: the configured reserve, but never more than a quarter of a token budget.</summary>
    private long WriterReserve() => budget.Limits switch
    {
        { TokenBudget: { } tokens } => Math.Min(options.WriterReserveTokens, tokens / 4),
        { CostBudget: not null } => options.WriterReserveTokens,
        _ => 0,
    };
}
