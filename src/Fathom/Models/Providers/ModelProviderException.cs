namespace Fathom.Models.Providers;

/// <summary>
/// A model provider failed in a way the caller should see: a configuration fault (bad key, unknown
/// model or endpoint) or a failure whose original message had to be cleaned of a secret. The message
/// says what to do; it never holds a key or a request.
/// </summary>
public sealed class ModelProviderException : Exception
{
    /// <summary>An exception with a message and no status.</summary>
    public ModelProviderException()
    {
    }

    /// <summary>An exception with a message and no status.</summary>
    public ModelProviderException(string message)
        : base(message)
    {
    }

    /// <summary>An exception that wraps another (only ones whose text holds no secret).</summary>
    public ModelProviderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>An exception with the provider's HTTP status and the wait it asked for.</summary>
    public ModelProviderException(string message, int? statusCode, TimeSpan? retryAfter = null)
        : base(message)
    {
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    /// <summary>The provider's HTTP status, if it answered with one.</summary>
    public int? StatusCode { get; }

    /// <summary>How long the provider asked callers to wait, if it said.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The exception for a configuration fault met in <paramref name="stage"/>, saying what to check.</summary>
    public static ModelProviderException Fault(string stage, Exception cause)
    {
        var status = ProviderFailure.StatusOf(cause);
        var advice = status switch
        {
            401 or 403 => "the provider refused the credentials: check the API key configured for this provider",
            404 => "the provider does not know this model or address: check the model name and the endpoint URL in the model spec",
            _ => "check the model configuration",
        };
        return new ModelProviderException($"The model call for '{stage}' failed with {ProviderFailure.Describe(cause)}: {advice}.", status);
    }
}
