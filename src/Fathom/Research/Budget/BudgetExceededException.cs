namespace Fathom.Research;

/// <summary>
/// A model call, search or read was not made because it would have crossed a limit of the run. The
/// stage that asked lives with it (a fallback, a shorter round); the run says which limit it reached.
/// </summary>
public sealed class BudgetExceededException(LimitKind limit)
    : Exception($"Not done: it would cross the run's {LimitMessages.Name(limit).Replace('_', ' ')}.")
{
    /// <summary>The limit that refused.</summary>
    public LimitKind Limit { get; } = limit;
}
