using System.ClientModel;
using System.Globalization;
using System.Net;

namespace Fathom.Models.Providers;

/// <summary>
/// Reads what a provider's failure means, whichever client library threw it: its HTTP status,
/// whether trying again can help, and how long the provider asked callers to wait.
/// </summary>
public static class ProviderFailure
{
    /// <summary>The HTTP status behind <paramref name="exception"/>, if it has one.</summary>
    public static int? StatusOf(Exception exception) => exception switch
    {
        ModelProviderException m => m.StatusCode,
        ClientResultException c when c.Status > 0 => c.Status,
        HttpRequestException h when h.StatusCode is { } s => (int)s,
        _ => exception.InnerException is { } inner ? StatusOf(inner) : null,
    };

    /// <summary>
    /// Whether trying again may succeed: too many requests, a request timeout, a server error, or a
    /// connection that failed before any status came back.
    /// </summary>
    public static bool IsTransient(Exception exception) => StatusOf(exception) switch
    {
        429 or 408 => true,
        >= 500 and < 600 => true,
        null => exception is HttpRequestException or TimeoutException or IOException
            || exception is TaskCanceledException { InnerException: TimeoutException }
            || (exception is ClientResultException && exception.InnerException is HttpRequestException or IOException),
        _ => false,
    };

    /// <summary>
    /// Whether the failure is the configuration's fault (credentials, model name, endpoint), so the
    /// run should stop with a clear message instead of going on without a model.
    /// </summary>
    public static bool IsFault(Exception exception) => StatusOf(exception) is 401 or 403 or 404;

    /// <summary>The wait the provider asked for in <c>Retry-After</c> (seconds or a date) or <c>retry-after-ms</c>, if any.</summary>
    public static TimeSpan? RetryAfterOf(Exception exception, DateTimeOffset now)
    {
        if (exception is ModelProviderException { RetryAfter: { } known })
        {
            return known;
        }

        var response = exception is ClientResultException c ? c.GetRawResponse() : null;
        if (response is null)
        {
            return exception.InnerException is { } inner ? RetryAfterOf(inner, now) : null;
        }

        if (response.Headers.TryGetValue("retry-after-ms", out var ms)
            && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var millis) && millis >= 0)
        {
            return TimeSpan.FromMilliseconds(millis);
        }

        return response.Headers.TryGetValue("Retry-After", out var value) ? ParseRetryAfter(value, now) : null;
    }

    /// <summary>Reads a <c>Retry-After</c> value: delta-seconds or an HTTP date.</summary>
    public static TimeSpan? ParseRetryAfter(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when)
            ? when > now ? when - now : TimeSpan.Zero
            : null;
    }

    private static ModelAnswerUnreadableException? Unreadable(Exception? exception) => exception switch
    {
        null => null,
        ModelAnswerUnreadableException u => u,
        _ => Unreadable(exception.InnerException),
    };

    /// <summary>A short description for events: the status and its meaning, never the request or its headers.</summary>
    public static string Describe(Exception exception) => Unreadable(exception) is { } unreadable ? unreadable.Message : StatusOf(exception) switch
    {
        { } status => $"HTTP {status} ({(HttpStatusCode)status})",
        null => exception switch
        {
            ModelProviderException m => m.Message, // written to be shown: it holds no secret
            TaskCanceledException or TimeoutException => "the request timed out",
            HttpRequestException or IOException => "the connection failed",
            _ => exception.GetType().Name,
        },
    };
}
