using System.Net;

namespace Fathom.Reading.Web;

/// <summary>Limits and permissions of the web fetcher, resolved at the edge and passed in.</summary>
public sealed record FetchOptions
{
    /// <summary>The most bytes read from one response; a larger page is refused, not truncated.</summary>
    public long MaxBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>How long one fetch may take, redirects included.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Redirects followed before the fetch is refused.</summary>
    public int MaxRedirects { get; init; } = 5;

    /// <summary>Requests to one host at the same time: politeness towards small sites.</summary>
    public int PerHostConcurrency { get; init; } = 2;

    /// <summary>
    /// Host names (or literal addresses) that may be fetched even though they resolve to a private,
    /// loopback or link-local address: an intranet wiki, a local test server. Exact, case-insensitive.
    /// </summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>Private networks that may be fetched (for example 10.1.0.0/16 for an intranet).</summary>
    public IReadOnlyList<IPNetwork> AllowedNetworks { get; init; } = [];

    /// <summary>The User-Agent sent with every request.</summary>
    public string UserAgent { get; init; } = "Fathom/1.0 (research; +https://github.com/fathom-research)";

    /// <summary>Throws an <see cref="ArgumentException"/> naming every value out of range.</summary>
    public FetchOptions Validate()
    {
        var problems = new List<string>();
        if (MaxBytes < 1024)
        {
            problems.Add($"max bytes must be at least 1024 (got {MaxBytes})");
        }

        if (Timeout <= TimeSpan.Zero)
        {
            problems.Add($"timeout must be positive (got {Timeout})");
        }

        if (MaxRedirects is < 0 or > 20)
        {
            problems.Add($"max redirects must be between 0 and 20 (got {MaxRedirects})");
        }

        if (PerHostConcurrency is < 1 or > 64)
        {
            problems.Add($"per-host concurrency must be between 1 and 64 (got {PerHostConcurrency})");
        }

        return problems.Count == 0 ? this : throw new ArgumentException("Invalid fetch options: " + string.Join("; ", problems) + ".");
    }
}
