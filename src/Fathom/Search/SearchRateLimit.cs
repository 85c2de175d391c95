namespace Fathom.Search;

/// <summary>How many requests a provider accepts per window (Brave's free plan: 1 per second).</summary>
/// <param name="Requests">Requests allowed in one window.</param>
/// <param name="Window">The window's length.</param>
public sealed record SearchRateLimit(int Requests, TimeSpan Window)
{
    /// <summary><paramref name="requests"/> requests per second.</summary>
    public static SearchRateLimit PerSecond(int requests) => new(requests, TimeSpan.FromSeconds(1));

    /// <summary>Throws an <see cref="ArgumentException"/> when the limit cannot be enforced.</summary>
    public SearchRateLimit Validate() =>
        Requests < 1 || Window <= TimeSpan.Zero
            ? throw new ArgumentException($"A search rate limit needs at least 1 request per positive window (got {Requests} per {Window}).")
            : this;
}
