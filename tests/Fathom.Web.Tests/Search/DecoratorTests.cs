using System.Diagnostics;
using System.Net;
using Fathom.Search;

namespace Fathom.Web.Tests.Search;

public sealed class DecoratorTests
{
    private static readonly SearchRetryOptions FastRetries = new() { MaxRetries = 3, BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(200) };

    [Fact]
    public async Task Retry_TransientThenSuccess_ReturnsHits()
    {
        var inner = new ScriptedProvider(
            _ => throw new SearchProviderException("p", "rate limited (HTTP 429)", HttpStatusCode.TooManyRequests, TimeSpan.Zero),
            _ => throw new SearchProviderException("p", "HTTP 502", HttpStatusCode.BadGateway),
            _ => [new SearchHit("https://example.org/", "t", "s", 1, "p")]);

        var hits = await new RetryingSearchProvider(inner, FastRetries).SearchAsync(new SearchQuery("q"), CancellationToken.None);

        Assert.Single(hits);
        Assert.Equal(3, inner.Calls);
    }

    [Fact]
    public async Task Retry_429Storm_GivesUpAfterBoundedAttempts()
    {
        var inner = new ScriptedProvider(_ => throw new SearchProviderException("p", "rate limited (HTTP 429)", HttpStatusCode.TooManyRequests, TimeSpan.Zero));

        var e = await Assert.ThrowsAsync<SearchProviderException>(() => new RetryingSearchProvider(inner, FastRetries).SearchAsync(new SearchQuery("q"), CancellationToken.None));

        Assert.Equal(4, inner.Calls);
        Assert.Equal("p: rate limited (HTTP 429) (gave up after 4 of 4 attempts)", e.Message);
    }

    [Fact]
    public async Task Retry_HonoursRetryAfter()
    {
        var inner = new ScriptedProvider(
            _ => throw new SearchProviderException("p", "429", HttpStatusCode.TooManyRequests, TimeSpan.FromMilliseconds(150)),
            _ => []);
        var options = FastRetries with { MaxDelay = TimeSpan.FromSeconds(1) };
        var watch = Stopwatch.StartNew();

        await new RetryingSearchProvider(inner, options).SearchAsync(new SearchQuery("q"), CancellationToken.None);

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(140), $"waited only {watch.Elapsed.TotalMilliseconds} ms");
        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task Retry_RetryAfterLongerThanMaxDelay_GivesUpAtOnce()
    {
        var inner = new ScriptedProvider(_ => throw new SearchProviderException("p", "429", HttpStatusCode.TooManyRequests, TimeSpan.FromHours(1)));

        await Assert.ThrowsAsync<SearchProviderException>(() => new RetryingSearchProvider(inner, FastRetries).SearchAsync(new SearchQuery("q"), CancellationToken.None));

        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task Retry_PermanentFailure_IsNotRetried()
    {
        var inner = new ScriptedProvider(_ => throw new SearchProviderException("p", "key refused", HttpStatusCode.Unauthorized));

        await Assert.ThrowsAsync<SearchProviderException>(() => new RetryingSearchProvider(inner, FastRetries).SearchAsync(new SearchQuery("q"), CancellationToken.None));

        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task RateLimit_SpacesRequestsToTheLimit()
    {
        var inner = new ScriptedProvider(_ => []);
        using var limited = new RateLimitedSearchProvider(inner, new SearchRateLimit(2, TimeSpan.FromMilliseconds(200)));
        var watch = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => limited.SearchAsync(new SearchQuery("q"), CancellationToken.None)));

        // 2 at once, then 2 per 200 ms: the sixth request cannot start before 400 ms.
        Assert.Equal(6, inner.Calls);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(380), $"6 requests took only {watch.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public void Builder_AppliesDecoratorsOutermostFirst()
    {
        var inner = new ScriptedProvider(_ => []);

        var built = new SearchProviderBuilder(inner).UseRetries(FastRetries).UseRateLimit(SearchRateLimit.PerSecond(5)).Build();

        Assert.IsType<RetryingSearchProvider>(built);
        Assert.Equal("scripted", built.Name);
    }

    [Fact]
    public void RateLimit_Invalid_SaysWhy()
    {
        var e = Assert.Throws<ArgumentException>(() => new SearchRateLimit(0, TimeSpan.FromSeconds(1)).Validate());
        Assert.Contains("at least 1 request", e.Message, StringComparison.Ordinal);
    }
}

/// <summary>A provider that answers each call with the next step of a script (the last step repeats).</summary>
internal sealed class ScriptedProvider(params Func<SearchQuery, IReadOnlyList<SearchHit>>[] steps) : ISearchProvider
{
    private int _calls;

    public string Name => "scripted";

    public int Calls => _calls;

    public Task<IReadOnlyList<SearchHit>> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref _calls);
        return Task.FromResult(steps[Math.Min(call, steps.Length) - 1](query));
    }
}
