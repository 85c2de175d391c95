using System.Text;
using Fathom.Reading;
using Fathom.Reading.Web;
using Fathom.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Fathom.Web.Tests.Reading;

public sealed class WebFetcherTests : IAsyncLifetime
{
    private static readonly FetchOptions Loopback = new() { AllowedHosts = ["127.0.0.1"] };
    private LoopbackServer _server = null!;
    private string _cacheDir = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync();
        _cacheDir = Path.Combine(Path.GetTempPath(), "fathom-cache-" + Guid.NewGuid().ToString("N"));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_cacheDir))
        {
            Directory.Delete(_cacheDir, recursive: true);
        }
    }

    [Fact]
    public async Task Fetch_PageLargerThanLimit_IsRefusedByContentLength()
    {
        _server.Handler = ctx => ctx.Response.WriteAsync(new string('x', 5000));
        using var fetcher = TestFetchers.Create(Loopback with { MaxBytes = 2048 });

        var e = await Assert.ThrowsAsync<PageReadException>(() => fetcher.FetchAsync(_server.Url("/big"), CancellationToken.None));

        Assert.Contains("larger than the 2048-byte limit", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_ChunkedPageLargerThanLimit_IsRefusedWhileReading()
    {
        _server.Handler = async ctx =>
        {
            for (var i = 0; i < 10; i++)
            {
                await ctx.Response.WriteAsync(new string('x', 1000));
                await ctx.Response.Body.FlushAsync();
            }
        };
        using var fetcher = TestFetchers.Create(Loopback with { MaxBytes = 4096 });

        var e = await Assert.ThrowsAsync<PageReadException>(() => fetcher.FetchAsync(_server.Url("/stream"), CancellationToken.None));

        Assert.Contains("larger than the 4096-byte limit", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_SlowServer_TimesOutWithReason()
    {
        _server.Handler = async ctx => await Task.Delay(TimeSpan.FromSeconds(10), ctx.RequestAborted);
        using var fetcher = TestFetchers.Create(Loopback with { Timeout = TimeSpan.FromMilliseconds(300) });

        var e = await Assert.ThrowsAsync<PageReadException>(() => fetcher.FetchAsync(_server.Url("/slow"), CancellationToken.None));

        Assert.Equal("no complete answer within 0.3 s", e.Message);
    }

    [Fact]
    public async Task Fetch_NotFound_SaysTheStatus()
    {
        _server.Handler = ctx =>
        {
            ctx.Response.StatusCode = 404;
            return Task.CompletedTask;
        };
        using var fetcher = TestFetchers.Create(Loopback);

        var e = await Assert.ThrowsAsync<PageReadException>(() => fetcher.FetchAsync(_server.Url("/missing"), CancellationToken.None));

        Assert.Equal("HTTP 404 Not Found", e.Message);
    }

    [Fact]
    public async Task Fetch_Redirects_AreFollowedUpToTheLimit()
    {
        _server.Handler = ctx =>
        {
            var n = int.Parse(ctx.Request.Path.Value!.TrimStart('/'), System.Globalization.CultureInfo.InvariantCulture);
            if (n == 0)
            {
                return ctx.Response.WriteAsync("arrived");
            }

            ctx.Response.Redirect($"/{n - 1}");
            return Task.CompletedTask;
        };
        using var fetcher = TestFetchers.Create(Loopback with { MaxRedirects = 3 });

        var ok = await fetcher.FetchAsync(_server.Url("/3"), CancellationToken.None);
        var e = await Assert.ThrowsAsync<PageReadException>(() => fetcher.FetchAsync(_server.Url("/4"), CancellationToken.None));

        Assert.Equal(_server.Url("/0"), ok.FinalUrl);
        Assert.Equal("more than 3 redirects", e.Message);
    }

    [Fact]
    public async Task Fetch_ManyPagesOfOneHost_KeepsToPerHostConcurrency()
    {
        var inFlight = 0;
        var peak = 0;
        _server.Handler = async ctx =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref peak, now);
            await Task.Delay(250);
            Interlocked.Decrement(ref inFlight);
            await ctx.Response.WriteAsync("ok");
        };
        using var fetcher = TestFetchers.Create(Loopback with { PerHostConcurrency = 2 });

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => fetcher.FetchAsync(_server.Url($"/p{i}"), CancellationToken.None)));

        Assert.Equal(8, _server.Requests.Count);
        Assert.Equal(2, peak);
    }

    [Fact]
    public async Task Fetch_Cached_RevalidatesWithETagAndUses304()
    {
        var fresh = 0;
        _server.Handler = async ctx =>
        {
            if (ctx.Request.Headers.IfNoneMatch == "\"v1\"")
            {
                ctx.Response.StatusCode = 304;
                return;
            }

            fresh++;
            ctx.Response.Headers.ETag = "\"v1\"";
            ctx.Response.ContentType = "text/html; charset=utf-8";
            await ctx.Response.WriteAsync("<p>cached body</p>");
        };
        var cache = new SqlitePageCache(Path.Combine(_cacheDir, "pages.db"));
        using var fetcher = TestFetchers.Create(Loopback, cache: cache);

        var first = await fetcher.FetchAsync(_server.Url("/page"), CancellationToken.None);
        var second = await fetcher.FetchAsync(_server.Url("/page"), CancellationToken.None);

        Assert.False(first.FromCache);
        Assert.True(second.FromCache);
        Assert.Equal(first.Body, second.Body);
        Assert.Equal("text/html", second.MediaType);
        Assert.Equal(1, fresh);
        Assert.Equal("\"v1\"", _server.Requests.Last().Header("If-None-Match"));
    }

    [Fact]
    public async Task Fetch_CachedWithLastModified_ChangedPageIsFetchedAgain()
    {
        var version = 1;
        var modified = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);
        _server.Handler = async ctx =>
        {
            var since = ctx.Request.GetTypedHeaders().IfModifiedSince;
            if (since >= modified && version == 1)
            {
                ctx.Response.StatusCode = 304;
                return;
            }

            ctx.Response.GetTypedHeaders().LastModified = modified;
            ctx.Response.ContentType = "text/plain";
            await ctx.Response.WriteAsync($"version {version}");
        };
        var cache = new SqlitePageCache(Path.Combine(_cacheDir, "pages.db"));
        using var fetcher = TestFetchers.Create(Loopback, cache: cache);

        await fetcher.FetchAsync(_server.Url("/doc"), CancellationToken.None);
        var unchanged = await fetcher.FetchAsync(_server.Url("/doc"), CancellationToken.None);
        version = 2;
        var changed = await fetcher.FetchAsync(_server.Url("/doc"), CancellationToken.None);

        Assert.True(unchanged.FromCache);
        Assert.False(changed.FromCache);
        Assert.Equal("version 2", Encoding.UTF8.GetString(changed.Body));
        Assert.NotNull(_server.Requests.Last().Header("If-Modified-Since"));
    }

    [Fact]
    public async Task Fetch_CacheSurvivesANewFetcher()
    {
        _server.Handler = async ctx =>
        {
            if (ctx.Request.Headers.IfNoneMatch.Count > 0)
            {
                ctx.Response.StatusCode = 304;
                return;
            }

            ctx.Response.Headers.ETag = "\"abc\"";
            await ctx.Response.WriteAsync("persisted");
        };
        var path = Path.Combine(_cacheDir, "pages.db");
        using (var first = TestFetchers.Create(Loopback, cache: new SqlitePageCache(path)))
        {
            await first.FetchAsync(_server.Url("/p"), CancellationToken.None);
        }

        using var second = TestFetchers.Create(Loopback, cache: new SqlitePageCache(path));
        var page = await second.FetchAsync(_server.Url("/p"), CancellationToken.None);

        Assert.True(page.FromCache);
        Assert.Equal("persisted", Encoding.UTF8.GetString(page.Body));
    }

    [Fact]
    public async Task Fetch_GzipEncodedPage_IsDecompressed()
    {
        var gz = File.ReadAllBytes(Directory.GetFiles(Fixture.SharedData("extraction", "html"), "*.html.gz").Order(StringComparer.Ordinal).First());
        _server.Handler = async ctx =>
        {
            ctx.Response.ContentType = "text/html; charset=utf-8";
            ctx.Response.Headers.ContentEncoding = "gzip";
            await ctx.Response.Body.WriteAsync(gz);
        };
        using var fetcher = TestFetchers.Create(Loopback);

        var page = await fetcher.FetchAsync(_server.Url("/gz"), CancellationToken.None);

        Assert.Contains("<html", Encoding.UTF8.GetString(page.Body), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Options_OutOfRange_NameEveryProblem()
    {
        var e = Assert.Throws<ArgumentException>(() => new FetchOptions { MaxBytes = 10, PerHostConcurrency = 0 }.Validate());

        Assert.Contains("max bytes", e.Message, StringComparison.Ordinal);
        Assert.Contains("per-host concurrency", e.Message, StringComparison.Ordinal);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
