namespace Fathom.Research;

/// <summary>The next round's goal and queries, or a decision to stop researching.</summary>
public sealed record RoundPlan(string Goal, IReadOnlyList<string> Queries, string? StopReason = null)
{
    /// <summary>A plan that ends the research, with the reason.</summary>
    public static RoundPlan Stop(string reason) => new("", [], reason);

    /// <summary>Whether this plan ends the research.</summary>
    public bool IsStop => StopReason is not null || Queries.Count == 0;
}
