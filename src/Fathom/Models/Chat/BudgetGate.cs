using System.Runtime.CompilerServices;
using Fathom.Research;

namespace Fathom.Models.Chat;

/// <summary>
/// Holds back, for each run's usage meter, what the calls under way may still spend. Pages are read
/// concurrently: without this, several calls could each see room under the ceiling and together
/// cross it. A call is made only when its worst case fits beside every call in flight.
/// </summary>
internal sealed class BudgetGate
{
    private static readonly ConditionalWeakTable<UsageMeter, BudgetGate> Gates = [];
    private readonly Lock _gate = new();
    private long _tokens;
    private decimal _cost;

    public static BudgetGate Of(UsageMeter usage) => Gates.GetValue(usage, _ => new BudgetGate());

    /// <summary>
    /// Holds back <paramref name="tokens"/> and <paramref name="cost"/>, or names the budget they would
    /// cross; <paramref name="headroom"/> tokens and <paramref name="headroomCost"/> must stay free
    /// beyond them but are not held.
    /// </summary>
    public string? TryReserve(UsageMeter usage, long tokens, decimal cost, long headroom = 0, decimal headroomCost = 0)
    {
        lock (_gate)
        {
            if (usage.WouldExceed(_tokens + tokens + headroom))
            {
                return "token_budget";
            }

            if (usage.CostBudget is { } money && usage.Current.Cost + _cost + cost + headroomCost > money)
            {
                return "cost_budget";
            }

            _tokens += tokens;
            _cost += cost;
            return null;
        }
    }

    /// <summary>Gives back what a finished call held (after its real usage was added to the meter).</summary>
    public void Release(long tokens, decimal cost)
    {
        lock (_gate)
        {
            _tokens -= tokens;
            _cost -= cost;
        }
    }
}
