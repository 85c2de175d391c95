using System.Net;
using Fathom.Reading;
using Fathom.Reading.Web;
using Fathom.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Fathom.Web.Tests.Reading;

/// <summary>
/// The fetcher refuses every address that is not the public internet, before connecting, and on
/// every redirect. The fetchers here can only connect to loopback, so a guard that let anything
/// else through would fail the test rather than reach a network.
/// </summary>
public sealed class SsrfTests : IAsyncLifetime
{
    private LoopbackServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync(ctx => ctx.Response.WriteAsync("secret"));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1 is a loopback address")]
    [InlineData("[::1]", "::1 is a loopback address")]
    [InlineData("10.0.0.1", "10.0.0.1 is a private address")]
    [InlineData("10.200.3.4", "is a private address")]
    [InlineData("172.16.0.1", "172.16.0.1 is a private address")]
    [InlineData("172.31.9.9", "is a private address")]
    [InlineData("192.168.1.1", "192.168.1.1 is a private address")]
    [InlineData("169.254.169.254", "169.254.169.254 is the cloud metadata address")]
    [InlineData("[fd00:ec2::254]", "is the cloud metadata address")]
    [InlineData("[::ffff:127.0.0.1]", "loopback")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("2130706433", "loopback")]
    [InlineData("0x7f000001", "loopback")]
    [InlineData("017700000001", "loopback")]
    [InlineData("127.1", "loopback")]
    public async Task Fetch_LiteralForbiddenAddress_IsRefusedBeforeConnecting(string host, string reason)
    {
        using var fetcher = TestFetchers.Create(new FetchOptions());

        var e = await Assert.ThrowsAsync<PageReadException>(() => fetcher.FetchAsync(new Uri($"http://{host}:{_server.Port}/latest/meta-data/"), CancellationToken.None));

        Assert.StartsWith("refused: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Fetch_LocalhostName_IsRefusedAfterResolving()
    {
        using var fetcher = TestFetchers.Create(new FetchOptions());

        var e = await Assert.ThrowsAsync<PageReadException>(() => fetcher.FetchAsync(new Uri($"http://localhost:{_server.Port}/"), CancellationToken.None));

        Assert.Matches("refused: localhost resolves to (127\\.0\\.0\\.1|::1), a loopback address", e.Message);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Fetch_NameThatResolvesToLoopback_IsRefused()
    {
        var resolver = new TableResolver(new() { ["innocent.example"] = [IPAddress.Loopback] });
        using var fetcher = TestFetchers.Create(new FetchOptions(), resolver);

        var e = await Assert.ThrowsAsync<PageReadException>(() => fetcher.FetchAsync(new Uri($"http://innocent.example:{_server.Port}/"), CancellationToken.None));

        Assert.Equal("refused: innocent.example resolves to 127.0.0.1, a loopback address; allow the host explicitly to fetch it", e.Message);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Fetch_NameWithOnePublicAndOnePrivateAddress_IsRefused()
    {
        var resolver = new TableResolver(new() { ["mixed.example"] = [IPAddress.Parse("93.184.216.34"), IPAddress.Parse("10.0.0.7")] });
        using var fetcher = TestFetchers.Create(new FetchOptions(), resolver);

        var e = await Assert.ThrowsAsync<PageReadException>(() => fetcher.FetchAsync(new Uri("http://mixed.example/"), CancellationToken.None));

        Assert.Contains("10.0.0.7, a private address", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_PublicLookingUrlRedirectingToLoopback_RefusesTheRedirect()
    {
        // news.example stands for a public site: the test resolver puts it on the loopback test
        // server, and it is allowed explicitly, so only the redirect target is judged.
        _server.Handler = ctx =>
        {
            if (ctx.Request.Path == "/article")
            {
                ctx.Response.Redirect($"http://127.0.0.1:{_server.Port}/admin");
                return Task.CompletedTask;
            }

            return ctx.Response.WriteAsync("admin console");
        };
        var resolver = new TableResolver(new() { ["news.example"] = [IPAddress.Loopback] });
        using var fetcher = TestFetchers.Create(new FetchOptions { AllowedHosts = ["news.example"] }, resolver);

        var e = await Assert.ThrowsAsync<PageReadException>(() => fetcher.FetchAsync(new Uri($"http://news.example:{_server.Port}/article"), CancellationToken.None));

        Assert.Equal("refused: 127.0.0.1 is a loopback address; allow it explicitly to fetch it", e.Message);
        Assert.Equal(["/article"], _server.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task Fetch_RedirectToNameResolvingToMetadata_IsRefused()
    {
        _server.Handler = ctx =>
        {
            ctx.Response.Redirect("http://metadata.internal/computeMetadata/v1/");
            return Task.CompletedTask;
        };
        var resolver = new TableResolver(new()
        {
            ["news.example"] = [IPAddress.Loopback],
            ["metadata.internal"] = [IPAddress.Parse("169.254.169.254")],
        });
        using var fetcher = TestFetchers.Create(new FetchOptions { AllowedHosts = ["news.example"] }, resolver);

        var e = await Assert.ThrowsAsync<PageReadException>(() => fetcher.FetchAsync(new Uri($"http://news.example:{_server.Port}/"), CancellationToken.None));

        Assert.Contains("metadata.internal resolves to 169.254.169.254, the cloud metadata address", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_RedirectToFileScheme_IsRefused()
    {
        _server.Handler = ctx =>
        {
            ctx.Response.Redirect("file:///etc/passwd");
            return Task.CompletedTask;
        };
        using var fetcher = TestFetchers.Create(new FetchOptions { AllowedHosts = ["127.0.0.1"] });

        var e = await Assert.ThrowsAsync<PageReadException>(() => fetcher.FetchAsync(_server.Url("/"), CancellationToken.None));

        Assert.Contains("only http and https", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_ExplicitlyAllowedLoopbackHost_IsFetched()
    {
        using var fetcher = TestFetchers.Create(new FetchOptions { AllowedHosts = ["127.0.0.1"] });

        var page = await fetcher.FetchAsync(_server.Url("/"), CancellationToken.None);

        Assert.Equal("secret", System.Text.Encoding.UTF8.GetString(page.Body));
    }

    [Fact]
    public async Task Fetch_AllowedNetwork_IsFetched()
    {
        using var fetcher = TestFetchers.Create(new FetchOptions { AllowedNetworks = [IPNetwork.Parse("127.0.0.0/8")] });

        var page = await fetcher.FetchAsync(_server.Url("/"), CancellationToken.None);

        Assert.Equal("secret", System.Text.Encoding.UTF8.GetString(page.Body));
    }

    [Fact]
    public async Task Fetch_NameThatDoesNotResolve_SaysSo()
    {
        using var fetcher = TestFetchers.Create(new FetchOptions(), new TableResolver([]));

        var e = await Assert.ThrowsAsync<PageReadException>(() => fetcher.FetchAsync(new Uri("http://nowhere.example/"), CancellationToken.None));

        Assert.Equal("refused: nowhere.example does not resolve to any address", e.Message);
    }

    [Fact]
    public async Task Fetch_RebindingName_ConnectsOnlyToTheAddressThatWasVetted()
    {
        // A rebinding DNS server answers a public address to the check and loopback afterwards.
        // The connection must go to the vetted (public) address; the recording connector refuses
        // it without touching any network, and no later answer is ever asked for.
        var resolver = new RebindingResolver(IPAddress.Parse("93.184.216.34"), IPAddress.Loopback);
        var attempts = new List<IPEndPoint>();
        using var fetcher = new WebFetcher(new FetchOptions(), resolver: resolver)
        {
            Connector = (endpoint, _) =>
            {
                attempts.Add(endpoint);
                throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused);
            },
        };

        var e = await Assert.ThrowsAsync<PageReadException>(() => fetcher.FetchAsync(new Uri($"http://rebind.example:{_server.Port}/"), CancellationToken.None));

        Assert.Equal([new IPEndPoint(IPAddress.Parse("93.184.216.34"), _server.Port)], attempts);
        Assert.Equal(1, resolver.Calls);
        Assert.Contains("ConnectionRefused", e.Message, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Fetch_CallerCancels_IsCancellationNotAPageFailure()
    {
        _server.Handler = async ctx => await Task.Delay(TimeSpan.FromSeconds(10), ctx.RequestAborted);
        using var fetcher = TestFetchers.Create(new FetchOptions { AllowedHosts = ["127.0.0.1"] });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(150));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fetcher.FetchAsync(_server.Url("/slow"), cts.Token));
    }

    [Fact]
    public async Task Guard_ResolvesOnceAndConnectsToTheVettedAddress()
    {
        // The guard's answer is what the socket connects to: a second lookup (where a rebinding
        // DNS server would answer differently) never happens for the connection.
        var resolver = new TableResolver(new() { ["site.example"] = [IPAddress.Loopback] });
        using var fetcher = TestFetchers.Create(new FetchOptions { AllowedHosts = ["site.example"] }, resolver);

        await fetcher.FetchAsync(new Uri($"http://site.example:{_server.Port}/"), CancellationToken.None);

        Assert.Equal(1, resolver.Calls);
    }
}

/// <summary>Answers the first lookup with one address and every later one with another.</summary>
internal sealed class RebindingResolver(IPAddress first, IPAddress later) : IHostResolver
{
    public int Calls { get; private set; }

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        Task.FromResult<IPAddress[]>([Calls++ == 0 ? first : later]);
}
