namespace Fathom.Research;

/// <summary>Tokens spent so far and what they cost (zero where no price is known).</summary>
public sealed record TokenUsage(long InputTokens, long OutputTokens, decimal Cost = 0m)
{
    /// <summary>No usage.</summary>
    public static TokenUsage Zero { get; } = new(0, 0);

    /// <summary>Input plus output tokens.</summary>
    public long TotalTokens => InputTokens + OutputTokens;

    /// <summary>The sum of two usages.</summary>
    public TokenUsage Add(TokenUsage other) => new(InputTokens + other.InputTokens, OutputTokens + other.OutputTokens, Cost + other.Cost);
}
