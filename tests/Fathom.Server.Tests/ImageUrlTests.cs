using System.Net;
using Fathom.Reading.Web;
using Fathom.Server.Tests.Support;
using Fathom.Storage;

namespace Fathom.Server.Tests;

/// <summary>Image URLs are fetched by Fathom through the address guard and sent on as data, or refused.</summary>
public sealed class ImageUrlTests : IAsyncLifetime
{
    private ImageHost _images = null!;

    public async Task InitializeAsync() => _images = await ImageHost.StartAsync();

    public async Task DisposeAsync() => await _images.DisposeAsync();

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/iam.png", "metadata")]
    [InlineData("http://[::1]:9/chart.png", "loopback")]
    [InlineData("http://10.0.0.7/chart.png", "private")]
    [InlineData("http://[::ffff:127.0.0.1]:9/chart.png", "loopback")]
    public async Task ImageAtAnAddressThatIsNotPublic_400InvalidUrl(string url, string reason)
    {
        await using var server = await StartAsync(allowLoopback: false);
        var message = await AssertRefused(server, url, "InvalidURL");
        Assert.Contains(reason, message, StringComparison.Ordinal);
        Assert.Contains("image 1", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImageOnThisMachine_RefusedUnlessAllowed_AndNeverFetched()
    {
        await using var server = await StartAsync(allowLoopback: false);
        var message = await AssertRefused(server, _images.Url("/chart.png"), "InvalidURL");
        Assert.Contains("loopback", message, StringComparison.Ordinal);
        Assert.Equal(0, _images.Requests);
    }

    [Fact]
    public async Task RedirectToTheMetadataAddress_400InvalidUrl()
    {
        await using var server = await StartAsync(allowLoopback: true);
        var message = await AssertRefused(server, _images.Url("/to-metadata.png"), "InvalidURL");
        Assert.Contains("metadata", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PageThatIsNotAnImage_400InvalidParameter()
    {
        await using var server = await StartAsync(allowLoopback: true);
        var message = await AssertRefused(server, _images.Url("/page.png"), "InvalidParameter");
        Assert.Contains("not a JPEG, PNG, BMP or WEBP image (the server sent text/html)", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchedImage_IsStoredInlineAsData()
    {
        await using var server = await StartAsync(allowLoopback: true);
        var (response, _) = await server.PostAsync(Body(_images.Url("/chart.png")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var store = SqliteRunStore.Open(server.DataDirectory);
        var image = Assert.Single(store.Find(response.Headers.GetValues("x-request-id").Single())!.Request.Images);
        Assert.Equal("image/png", image.MediaType);
        Assert.Equal("data:image/png;base64," + Convert.ToBase64String(ImageHost.Png), image.Source);
    }

    private static Task<TestServer> StartAsync(bool allowLoopback) => TestServer.StartAsync(
        TestServer.Engine(new() { SupportsImages = true }),
        configure: o => o.ImageFetch = new FetchOptions { AllowedHosts = allowLoopback ? ["127.0.0.1"] : [], Timeout = TimeSpan.FromSeconds(5) });

    internal static string Body(string url) =>
        $$$"""{"model":"qwen-deep-research","input":{"messages":[{"role":"user","content":[{"image":"{{{url}}}"},{"text":"Analyze the data trends in this chart"}]}]},"parameters":{"enable_feedback":false}}""";

    private static async Task<string> AssertRefused(TestServer server, string url, string code)
    {
        var (response, body) = await server.PostAsync(Body(url));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var frame = Assert.Single(StrictSse.Parse(body, response.Headers.GetValues("x-request-id").Single()));
        Assert.Equal(code, frame.Json.GetProperty("code").GetString());
        return frame.Json.GetProperty("message").GetString()!;
    }
}
