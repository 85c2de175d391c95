namespace Fathom.Research;

/// <summary>
/// What one model call under way holds back of the budget: its worst case. The call records what it
/// really spent; disposing gives the hold back, recorded or not (a failed call spends nothing).
/// </summary>
public sealed class BudgetHold : IDisposable
{
    private readonly RunBudget _budget;
    private readonly long _tokens;
    private readonly decimal _cost;
    private int _released;

    internal BudgetHold(RunBudget budget, long tokens, decimal cost)
    {
        _budget = budget;
        _tokens = tokens;
        _cost = cost;
    }

    /// <summary>Records the call's real usage against the budget.</summary>
    public void Record(TokenUsage usage) => _budget.Record(usage);

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _budget.Release(_tokens, _cost);
        }
    }
}
