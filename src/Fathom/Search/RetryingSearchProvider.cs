using Polly;
using Polly.Retry;

namespace Fathom.Search;

/// <summary>
/// Retries a provider's transient failures (429, 5xx, timeouts, lost connections) with exponential
/// backoff and jitter, waiting what Retry-After asks for when the provider says. The number of
/// attempts is bounded, so a storm of 429s ends in one <see cref="SearchProviderException"/> that
/// the fan-out reports, never in a run that waits forever.
/// </summary>
public sealed class RetryingSearchProvider : DelegatingSearchProvider
{
    private readonly ResiliencePipeline _pipeline;
    private readonly int _maxAttempts;

    /// <summary>Wraps <paramref name="inner"/>; <paramref name="time"/> drives the delays (tests pass a fake one).</summary>
    public RetryingSearchProvider(ISearchProvider inner, SearchRetryOptions options, TimeProvider? time = null)
        : base(inner)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxRetries < 0 || options.BaseDelay < TimeSpan.Zero || options.MaxDelay < options.BaseDelay)
        {
            throw new ArgumentException($"Search retries need MaxRetries ≥ 0 and 0 ≤ BaseDelay ≤ MaxDelay (got {options.MaxRetries}, {options.BaseDelay}, {options.MaxDelay}).", nameof(options));
        }

        _maxAttempts = options.MaxRetries + 1;
        var builder = new ResiliencePipelineBuilder { TimeProvider = time ?? TimeProvider.System };
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is SearchProviderException { IsTransient: true } e && !(e.RetryAfter > options.MaxDelay)),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Exception is SearchProviderException { RetryAfter: { } after } ? (TimeSpan?)after : null),
            });
        }

        _pipeline = builder.Build();
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyList<SearchHit>> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        var attempts = 0;
        try
        {
            return await _pipeline.ExecuteAsync(
                async ct =>
                {
                    attempts++;
                    return await Inner.SearchAsync(query, ct);
                },
                cancellationToken);
        }
        catch (SearchProviderException e) when (e.IsTransient && attempts > 1)
        {
            throw new SearchProviderException(
                e.Provider,
                $"{e.Reason} (gave up after {attempts} of {_maxAttempts} attempts)",
                e.StatusCode,
                e.RetryAfter,
                e);
        }
    }
}
