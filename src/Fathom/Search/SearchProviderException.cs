using System.Net;

namespace Fathom.Search;

/// <summary>
/// A search provider failed. The message names the provider and what went wrong, and never the
/// request's address or key, because it reaches the run's events.
/// </summary>
public sealed class SearchProviderException : Exception
{
    /// <summary>Creates the exception; <paramref name="reason"/> is said after the provider's name.</summary>
    public SearchProviderException(string provider, string reason, HttpStatusCode? status = null, TimeSpan? retryAfter = null, Exception? inner = null)
        : base($"{provider}: {reason}", inner)
    {
        Provider = provider;
        Reason = reason;
        StatusCode = status;
        RetryAfter = retryAfter;
    }

    /// <summary>The provider's name.</summary>
    public string Provider { get; }

    /// <summary>What went wrong, without the provider's name.</summary>
    public string Reason { get; }

    /// <summary>The HTTP status the provider answered with, if it answered.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>How long the provider asked us to wait (Retry-After), if it did.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Whether trying again later may succeed: rate limits, server errors, timeouts and lost connections.</summary>
    public bool IsTransient => StatusCode is null
        ? InnerException is HttpRequestException or TimeoutException or IOException
        : StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)StatusCode >= 500;
}
