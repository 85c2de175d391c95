using Fathom.Research;
using Fathom.Storage;

namespace Fathom.Server;

/// <summary>
/// How the server listens, whom it lets in, where it keeps runs and how runs are limited. Resolved
/// once by the host and registered with <c>AddFathomServer</c>, which validates it when the server starts.
/// </summary>
public sealed record FathomServerOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string Section = "Fathom:Server";

    /// <summary>Addresses to listen on (the host passes them to Kestrel; <c>WebApplicationBuilder.AddFathomServer</c> does).</summary>
    public IReadOnlyList<string> Urls { get; set; } = ["http://127.0.0.1:8080"];

    /// <summary>Where the run store lives.</summary>
    public string DataDirectory { get; set; } = Storage.DataDirectory.Default();

    /// <summary>Accepted API keys. With none, the server listens on loopback only and makes up a key it prints at start.</summary>
    public IReadOnlyList<string> ApiKeys { get; set; } = [];

    /// <summary>
    /// The secret that keys run owners (see <see cref="Auth.OwnerSecret"/>); null reads (or makes) the one
    /// in the data directory. Nodes of a cluster share one, so that a key owns the same runs at every node.
    /// </summary>
    public byte[]? OwnerSecret { get; set; }

    /// <summary>Runs one key may have going at once; beyond it, requests get 429 <c>Throttling.RateQuota</c>.</summary>
    public int MaxConcurrentRunsPerKey { get; set; } = 8;

    /// <summary>
    /// Runs the server works on at once, whoever started them; more wait for a turn, their streams
    /// open and saying so. The built-in model needs a core a run, a language model mostly waits.
    /// </summary>
    public int MaxConcurrentRuns { get; set; } = Math.Max(4, Environment.ProcessorCount * 2);

    /// <summary>
    /// Threads the runs' own work may take at once, however many runs go; the rest of the thread
    /// pool stays free to answer requests (headers, keep-alives, GETs) under any load. The default
    /// leaves one core's worth to the server.
    /// </summary>
    public int RunThreads { get; set; } = Math.Max(1, Environment.ProcessorCount - 1);

    /// <summary>Runs that may wait for a turn; beyond them a request is refused with 503 at once.</summary>
    public int MaxQueuedRuns { get; set; } = 1_000;

    /// <summary>A KeepAlive chunk goes out when nothing else was sent for this long.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The largest request body accepted (five 10 MB images as base64 fit).</summary>
    public long MaxRequestBytes { get; set; } = 80L * 1024 * 1024;

    /// <summary>How much text a request may carry; more is refused with 400 <c>InvalidParameter</c> naming the limit.</summary>
    public DashScope.InputLimits Input { get; set; } = new();

    /// <summary>How image URLs in requests are fetched (they pass the same address guard as web pages).</summary>
    public Reading.Web.FetchOptions ImageFetch { get; set; } = new() { Timeout = TimeSpan.FromSeconds(15) };

    /// <summary>
    /// The slowest a client may send a body or read a stream, after a grace period: a slower upload
    /// gets 408 <c>RequestTimeOut</c>, a slower reader is disconnected. Null keeps Kestrel's defaults
    /// (240 bytes a second after 5 s); a rate of 0 turns the check off.
    /// </summary>
    public ClientDataRate? MinClientDataRate { get; set; }

    /// <summary>Limits every run gets.</summary>
    public ResearchLimits Limits { get; set; } = new();

    /// <summary>Throws an <see cref="ArgumentException"/> naming each value out of range.</summary>
    public FathomServerOptions Validate()
    {
        var problems = Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid server options: " + string.Join("; ", problems) + ".");
        }

        Limits.Validate();
        return this;
    }

    /// <summary>
    /// The address that may not be listened on because no API key is configured (a server without a
    /// key makes one up and serves loopback only), or null.
    /// </summary>
    public string? OpenAddressWithoutKey() => ApiKeys.Count > 0 ? null : Urls.FirstOrDefault(u => !FathomServer.IsLoopback(u));

    /// <summary>Each value out of range, said as what to fix.</summary>
    internal List<string> Problems()
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

        if (MaxConcurrentRuns < 1 || MaxQueuedRuns < 0)
        {
            problems.Add($"concurrent runs must be at least 1 and queued runs not negative (got {MaxConcurrentRuns} and {MaxQueuedRuns})");
        }

        if (RunThreads < 1)
        {
            problems.Add($"run threads must be at least 1 (got {RunThreads})");
        }

        problems.AddRange(Input.Problems());
        if (MinClientDataRate is { } rate && (rate.BytesPerSecond < 0 || rate.GracePeriod <= TimeSpan.FromSeconds(1)))
        {
            problems.Add($"the minimum client data rate must not be negative and its grace period over 1 s (got {rate.BytesPerSecond} bytes/s after {rate.GracePeriod})");
        }

        return problems;
    }
}

/// <summary>A minimum data rate: bytes a second, enforced after a grace period.</summary>
public sealed record ClientDataRate(double BytesPerSecond, TimeSpan GracePeriod);
