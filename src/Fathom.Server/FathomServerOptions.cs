using Fathom.Research;
using Fathom.Storage;

namespace Fathom.Server;

/// <summary>How the server listens, whom it lets in, where it keeps runs and how runs are limited. Resolved once by the host.</summary>
public sealed record FathomServerOptions
{
    /// <summary>Addresses to listen on.</summary>
    public IReadOnlyList<string> Urls { get; init; } = ["http://127.0.0.1:8080"];

    /// <summary>Where the run store lives.</summary>
    public string DataDirectory { get; init; } = Storage.DataDirectory.Default();

    /// <summary>Accepted API keys. With none, the server listens on loopback only and makes up a key it prints at start.</summary>
    public IReadOnlyList<string> ApiKeys { get; init; } = [];

    /// <summary>Runs one key may have going at once; beyond it, requests get 429 <c>Throttling.RateQuota</c>.</summary>
    public int MaxConcurrentRunsPerKey { get; init; } = 8;

    /// <summary>A KeepAlive chunk goes out when nothing else was sent for this long.</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The largest request body accepted (five 10 MB images as base64 fit).</summary>
    public long MaxRequestBytes { get; init; } = 80L * 1024 * 1024;

    /// <summary>How much text a request may carry; more is refused with 400 <c>InvalidParameter</c> naming the limit.</summary>
    public DashScope.InputLimits Input { get; init; } = new();

    /// <summary>How image URLs in requests are fetched (they pass the same address guard as web pages).</summary>
    public Reading.Web.FetchOptions ImageFetch { get; init; } = new() { Timeout = TimeSpan.FromSeconds(15) };

    /// <summary>
    /// The slowest a client may send a body or read a stream, after a grace period: a slower upload
    /// gets 408 <c>RequestTimeOut</c>, a slower reader is disconnected. Null keeps Kestrel's defaults
    /// (240 bytes a second after 5 s); a rate of 0 turns the check off.
    /// </summary>
    public ClientDataRate? MinClientDataRate { get; init; }

    /// <summary>Limits every run gets.</summary>
    public ResearchLimits Limits { get; init; } = new();

    /// <summary>Throws an <see cref="ArgumentException"/> naming each value out of range.</summary>
    public FathomServerOptions Validate()
    {
        var problems = new List<string>();
        if (Urls.Count == 0)
        {
            problems.Add("at least one --urls address is needed, such as http://127.0.0.1:8080");
        }

        if (MaxConcurrentRunsPerKey < 1)
        {
            problems.Add($"runs per key must be at least 1 (got {MaxConcurrentRunsPerKey})");
        }

        if (KeepAliveInterval <= TimeSpan.Zero)
        {
            problems.Add($"the keep-alive interval must be positive (got {KeepAliveInterval})");
        }

        problems.AddRange(Input.Problems());
        if (MinClientDataRate is { } rate && (rate.BytesPerSecond < 0 || rate.GracePeriod <= TimeSpan.FromSeconds(1)))
        {
            problems.Add($"the minimum client data rate must not be negative and its grace period over 1 s (got {rate.BytesPerSecond} bytes/s after {rate.GracePeriod})");
        }


        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid server options: " + string.Join("; ", problems) + ".");
        }

        Limits.Validate();
        return this;
    }
}

/// <summary>A minimum data rate: bytes a second, enforced after a grace period.</summary>
public sealed record ClientDataRate(double BytesPerSecond, TimeSpan GracePeriod);
