using System.Globalization;

namespace Fathom.Research;

/// <summary>Every message about a limit, built here so that each limit is named and explained the same way everywhere.</summary>
public static class LimitMessages
{
    /// <summary>The limit's wire name ("token_budget"), as events, stop reasons and results carry it.</summary>
    public static string Name(LimitKind limit) => limit switch
    {
        LimitKind.Rounds => "rounds",
        LimitKind.TokenBudget => "token_budget",
        LimitKind.CostBudget => "cost_budget",
        LimitKind.Deadline => "deadline",
        LimitKind.QueryBudget => "query_budget",
        LimitKind.PageBudget => "page_budget",
        _ => throw new ArgumentOutOfRangeException(nameof(limit), limit, "Unknown limit."),
    };

    /// <summary>What <see cref="Events.LimitReached"/> says when research stopped at <paramref name="limit"/>.</summary>
    public static string Reached(LimitKind limit, RunBudget budget)
    {
        var limits = budget.Limits;
        return limit switch
        {
            LimitKind.Rounds => limits.MaxRounds == 1 ? "The one round allowed was used." : $"All {limits.MaxRounds} rounds were used.",
            LimitKind.TokenBudget => $"{budget.Spent.TotalTokens} of {limits.TokenBudget} tokens spent; the report is written from what was found.",
            LimitKind.CostBudget => $"{budget.Spent.Cost.ToString(CultureInfo.InvariantCulture)} of {limits.CostBudget?.ToString(CultureInfo.InvariantCulture)} spent; the report is written from what was found.",
            LimitKind.Deadline => $"The deadline of {limits.Deadline} passed; the report is written from what was found.",
            LimitKind.QueryBudget => $"{Count(budget.Queries, "search", "searches")} of {limits.QueryBudget} made; the report is written from what was found.",
            LimitKind.PageBudget => $"{Count(budget.Pages, "page", "pages")} of {limits.PageBudget} read; the report is written from what was found.",
            _ => throw new ArgumentOutOfRangeException(nameof(limit), limit, "Unknown limit."),
        };
    }

    /// <summary>The deadline passed before research began: what the LimitReached event says.</summary>
    public static string DeadlineBeforeResearch(ResearchLimits limits) => $"The deadline of {limits.Deadline} passed before research began.";

    /// <summary>The deadline passed before research began: why the run failed, and what to do.</summary>
    public static string DeadlineFailure(ResearchLimits limits) => $"The deadline of {limits.Deadline} passed before research began; allow more time.";

    /// <summary>Why a page picked for reading was not read.</summary>
    public static string PageNotRead(LimitKind limit) => $"not read: {Spent(limit)}";

    /// <summary>Why a model's tool call was not made: the limit <paramref name="limit"/> is spent.</summary>
    public static string ToolNotCalled(LimitKind limit) => $"not called: {Spent(limit)}";

    private static string Spent(LimitKind limit) => $"the {Name(limit).Replace('_', ' ')} is spent";

    /// <summary>"1 search", "3 searches".</summary>
    public static string Count(long n, string one, string many) => n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? one : many);
}
