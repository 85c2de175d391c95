namespace Fathom.Research;

/// <summary>
/// Counts the tokens and money a run spends. Model implementations add to it after every call;
/// the orchestrator reads it to enforce the budgets. Thread-safe.
/// </summary>
public sealed class UsageMeter(long? tokenBudget = null, decimal? costBudget = null)
{
    private readonly Lock _gate = new();
    private TokenUsage _usage = TokenUsage.Zero;
    private string? _declined;

    /// <summary>Usage so far.</summary>
    public TokenUsage Current
    {
        get
        {
            lock (_gate)
            {
                return _usage;
            }
        }
    }

    /// <summary>The token ceiling, if any.</summary>
    public long? TokenBudget => tokenBudget;

    /// <summary>The money ceiling, if any.</summary>
    public decimal? CostBudget => costBudget;

    /// <summary>Adds one call's usage.</summary>
    public void Add(TokenUsage usage)
    {
        lock (_gate)
        {
            _usage = _usage.Add(usage);
        }
    }

    /// <summary>Tokens left before the ceiling; null when there is none.</summary>
    public long? TokensLeft => tokenBudget is { } b ? Math.Max(0, b - Current.TotalTokens) : null;

    /// <summary>The name of the budget that is spent, or null while both have room.</summary>
    public string? ExhaustedBudget()
    {
        if (Volatile.Read(ref _declined) is { } declined)
        {
            return declined;
        }

        var now = Current;
        if (tokenBudget is { } t && now.TotalTokens >= t)
        {
            return "token_budget";
        }

        return costBudget is { } c && now.Cost >= c ? "cost_budget" : null;
    }

    /// <summary>Whether spending about <paramref name="tokens"/> more would cross the token ceiling.</summary>
    public bool WouldExceed(long tokens) => tokenBudget is { } b && Current.TotalTokens + tokens > b;

    /// <summary>
    /// Records that a model declined a call because it would have crossed <paramref name="budget"/>
    /// ("token_budget" or "cost_budget"): from then on the budget counts as spent, so the run stops
    /// researching and says which limit it reached even though the ceiling itself was never crossed.
    /// </summary>
    public void Decline(string budget)
    {
        lock (_gate)
        {
            _declined ??= budget;
        }
    }
}
