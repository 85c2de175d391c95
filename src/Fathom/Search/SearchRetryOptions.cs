namespace Fathom.Search;

/// <summary>How a provider's transient failures are retried.</summary>
public sealed record SearchRetryOptions
{
    /// <summary>Retries after the first attempt (default 3).</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>The first backoff delay; it doubles with every retry, with jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest wait before a retry. A Retry-After longer than this gives up at once: a provider
    /// that asks for minutes is better reported now than waited for.
    /// </summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);
}
