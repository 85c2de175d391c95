using System.Net;
using System.Text;
using Fathom.Search;
using Fathom.Search.Web;
using Fathom.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Fathom.Web.Tests.Search;

/// <summary>Several real providers against loopback replicas, one healthy, one broken, one in a 429 storm.</summary>
public sealed class FanOutTests : IAsyncLifetime
{
    private readonly HttpClient _http = new();
    private LoopbackServer _searxng = null!;
    private LoopbackServer _brave = null!;
    private LoopbackServer _tavily = null!;

    public async Task InitializeAsync()
    {
        _searxng = await LoopbackServer.StartAsync(ctx => Reply(ctx, 200, Fixture.Text("searxng.json")));
        _brave = await LoopbackServer.StartAsync(ctx => Reply(ctx, 500, "internal error"));
        _tavily = await LoopbackServer.StartAsync(ctx =>
        {
            ctx.Response.Headers.RetryAfter = "0";
            return Reply(ctx, 429, """{"detail": {"error": "rate limit exceeded"}}""");
        });
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _searxng.DisposeAsync();
        await _brave.DisposeAsync();
        await _tavily.DisposeAsync();
    }

    [Fact]
    public async Task FanOut_OneProviderFailsAndOneIsRateLimited_OthersStillAnswer()
    {
        var retries = new SearchRetryOptions { MaxRetries = 3, BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(100) };
        var fanOut = new SearchFanOut(
        [
            WebSearchProviders.CreateResilient("searxng", _http, Options(_searxng), retries),
            WebSearchProviders.CreateResilient("brave", _http, Options(_brave), retries),
            WebSearchProviders.CreateResilient("tavily", _http, Options(_tavily), retries),
        ]);

        var outcome = await fanOut.SearchAsync(new SearchQuery("why startups fail"), CancellationToken.None);

        Assert.Equal(3, outcome.Hits.Count);
        Assert.Equal(["brave", "tavily"], outcome.Failures.Select(f => f.Provider).Order());
        var tavily = outcome.Failures.Single(f => f.Provider == "tavily");
        Assert.Contains("gave up after 4 of 4 attempts", tavily.Reason, StringComparison.Ordinal);
        Assert.Equal(4, _tavily.Requests.Count); // bounded: 1 attempt + 3 retries
        Assert.All(outcome.Failures, f => Assert.DoesNotContain("sk-fanout", f.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task FanOut_SamePageFromTwoProviders_IsOneHit()
    {
        // Brave answers the same pages with the www. dropped, a trailing slash and a tracking parameter.
        _brave.Handler = ctx => Reply(ctx, 200, Fixture.Text("brave.json")
            .Replace("https://www.failory.com/blog/startup-failure-rate", "https://failory.com/blog/startup-failure-rate/?utm_source=brave", StringComparison.Ordinal)
            .Replace("https://hbr.org/2021/05/why-start-ups-fail", "https://HBR.org/2021/05/why-start-ups-fail#top", StringComparison.Ordinal));
        var fanOut = new SearchFanOut(
        [
            WebSearchProviders.Create("searxng", _http, Options(_searxng)),
            WebSearchProviders.Create("brave", _http, Options(_brave)),
        ]);

        var outcome = await fanOut.SearchAsync(new SearchQuery("why startups fail"), CancellationToken.None);

        Assert.Empty(outcome.Failures);
        Assert.Equal(3, outcome.Hits.Count);
        Assert.All(outcome.Hits, h => Assert.Equal("searxng", h.Provider));
    }

    [Fact]
    public async Task Search_HitsThatAreNotWebAddresses_AreDropped()
    {
        _searxng.Handler = ctx => Reply(ctx, 200, Fixture.Text("searxng.json")
            .Replace("https://hbr.org/2021/05/why-start-ups-fail", "javascript:alert(document.cookie)", StringComparison.Ordinal)
            .Replace("https://www.cbinsights.com/research/report/startup-failure-reasons-top/", "file:///etc/passwd", StringComparison.Ordinal));

        var hits = await WebSearchProviders.Create("searxng", _http, Options(_searxng)).SearchAsync(new SearchQuery("q"), CancellationToken.None);

        Assert.Equal(["https://www.failory.com/blog/startup-failure-rate"], hits.Select(h => h.Url));
    }

    [Fact]
    public void Create_UnknownKind_ListsTheKnownOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => WebSearchProviders.Create("bing", _http, Options(_searxng)));
        Assert.Contains("searxng, brave, tavily, duckduckgo", e.Message, StringComparison.Ordinal);
    }

    private static WebSearchOptions Options(LoopbackServer server) =>
        new() { Endpoint = server.BaseAddress, ApiKey = "sk-fanout-123456", RateLimit = SearchRateLimit.PerSecond(50) };

    private static async Task Reply(HttpContext ctx, int status, string body)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(body, Encoding.UTF8);
    }
}
