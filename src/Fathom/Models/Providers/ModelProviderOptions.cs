using Microsoft.Extensions.Logging;

namespace Fathom.Models.Providers;

/// <summary>
/// What building a chat client needs beyond its spec: keys, retries, timeouts and logging, resolved
/// once by the host (from configuration or the environment) and passed in.
/// </summary>
public sealed record ModelProviderOptions
{
    /// <summary>API keys by provider name ("openai", "openai-compatible", "dashscope", "openrouter").</summary>
    public IReadOnlyDictionary<string, ApiKey> ApiKeys { get; init; } = new Dictionary<string, ApiKey>();

    /// <summary>How transient failures are retried.</summary>
    public RetryOptions Retry { get; init; } = new();

    /// <summary>How long one request may take before it counts as failed (and may be retried).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Logs calls (messages only at Trace level) and retries; null logs nothing.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>Clock for retry waits.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The HTTP handler under the providers' clients (a proxy, a test server); null uses the default.</summary>
    public HttpMessageHandler? HttpHandler { get; init; }

    /// <summary>The key configured for <paramref name="provider"/>, if any.</summary>
    public ApiKey? KeyFor(string provider) => ApiKeys.TryGetValue(provider, out var key) ? key : null;
}
