namespace Fathom.Research;

/// <summary>
/// Every limit of a run, in one place. <see cref="Validate"/> is the only gate: the orchestrator
/// enforces these and nothing else reads configuration.
/// </summary>
public sealed record ResearchLimits
{
    /// <summary>The most rounds a run may have: the hosted model's ceiling.</summary>
    public const int RoundsCeiling = 15;

    /// <summary>Research rounds (default 5, at most 15).</summary>
    public int MaxRounds { get; init; } = 5;

    /// <summary>Search queries per round.</summary>
    public int QueriesPerRound { get; init; } = 4;

    /// <summary>Results asked of each provider per query.</summary>
    public int ResultsPerQuery { get; init; } = 10;

    /// <summary>Pages read per round.</summary>
    public int PagesPerRound { get; init; } = 8;

    /// <summary>Pages read (and searches run) at the same time.</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>Total tokens (input plus output) the run may spend; null for no ceiling.</summary>
    public long? TokenBudget { get; init; }

    /// <summary>Money the run may spend, in the price table's currency; null for no ceiling.</summary>
    public decimal? CostBudget { get; init; }

    /// <summary>Searches the run may make, by its rounds and by the model while it plans; null for no ceiling.</summary>
    public int? QueryBudget { get; init; }

    /// <summary>Pages the run may read, in its rounds and while the model plans; null for no ceiling.</summary>
    public int? PageBudget { get; init; }

    /// <summary>Wall-clock time the run may take; null for none.</summary>
    public TimeSpan? Deadline { get; init; }

    /// <summary>The most words the report body may have.</summary>
    public int ReportWordBudget { get; init; } = 2500;

    /// <summary>Throws an <see cref="ArgumentException"/> naming every value out of range and its allowed range.</summary>
    public ResearchLimits Validate()
    {
        var problems = new List<string>();
        Check(problems, MaxRounds, 1, RoundsCeiling, "rounds");
        Check(problems, QueriesPerRound, 1, 20, "queries per round");
        Check(problems, ResultsPerQuery, 1, 50, "results per query");
        Check(problems, PagesPerRound, 1, 100, "pages per round");
        Check(problems, Concurrency, 1, 64, "concurrency");
        Check(problems, ReportWordBudget, 100, 50_000, "report word budget");
        if (TokenBudget is <= 0)
        {
            problems.Add($"token budget must be positive (got {TokenBudget}); leave it unset for no ceiling");
        }

        if (CostBudget is <= 0)
        {
            problems.Add($"cost budget must be positive (got {CostBudget}); leave it unset for no ceiling");
        }

        if (QueryBudget is <= 0)
        {
            problems.Add($"query budget must be positive (got {QueryBudget}); leave it unset for no ceiling");
        }

        if (PageBudget is <= 0)
        {
            problems.Add($"page budget must be positive (got {PageBudget}); leave it unset for no ceiling");
        }

        if (Deadline is { } d && d <= TimeSpan.Zero)
        {
            problems.Add($"deadline must be positive (got {d}); leave it unset for none");
        }

        return problems.Count == 0 ? this : throw new ArgumentException("Invalid research limits: " + string.Join("; ", problems) + ".");
    }

    private static void Check(List<string> problems, int value, int min, int max, string name)
    {
        if (value < min || value > max)
        {
            problems.Add($"{name} must be between {min} and {max} (got {value})");
        }
    }
}
