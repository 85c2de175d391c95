namespace Fathom.Models.Providers;

/// <summary>How transient provider failures (429, 5xx, dropped connections) are retried.</summary>
public sealed record RetryOptions
{
    /// <summary>Tries after the first; 0 turns retries off.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>The first backoff; each further one doubles, with jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest backoff chosen by Fathom itself.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest <c>Retry-After</c> honoured; a provider asking for more gets no retry and the failure stands.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(120);
}
