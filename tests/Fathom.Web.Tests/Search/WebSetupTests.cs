using System.Text;
using Fathom.Composition;
using Fathom.Reading;
using Fathom.Reading.Web;
using Fathom.Search;
using Fathom.Search.Web;
using Fathom.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Fathom.Web.Tests.Search;

public sealed class WebSetupTests
{
    [Theory]
    [InlineData("searxng=http://localhost:8888", "searxng", "http://localhost:8888/")]
    [InlineData("Brave", "brave", null)]
    [InlineData(" duckduckgo ", "duckduckgo", null)]
    [InlineData("tavily=https://proxy.example/tavily/", "tavily", "https://proxy.example/tavily/")]
    public void Parse_ValidSpec_GivesKindAndEndpoint(string spec, string kind, string? endpoint)
    {
        var parsed = WebSearchSpec.Parse(spec);

        Assert.Equal(kind, parsed.Kind);
        Assert.Equal(endpoint, parsed.Endpoint?.AbsoluteUri);
    }

    [Theory]
    [InlineData("bing", "Unknown web search 'bing'")]
    [InlineData("searxng=localhost:8888", "is not an http(s) address; write it as searxng=https://host[:port]")]
    [InlineData("brave=ftp://example.org", "is not an http(s) address")]
    public void Parse_BadSpec_SaysWhatToWrite(string spec, string message) =>
        Assert.Contains(message, Assert.Throws<ArgumentException>(() => WebSearchSpec.Parse(spec)).Message, StringComparison.Ordinal);

    [Fact]
    public void ToOptions_KeyMissing_NamesTheSettingToSet()
    {
        var e = Assert.Throws<ArgumentException>(() => WebSearchSpec.Parse("tavily").ToOptions(_ => null));

        Assert.Equal("The 'tavily' web search needs an API key: set TAVILY_API_KEY.", e.Message);
    }

    [Fact]
    public void ToOptions_SearxngWithoutAddress_UsesSettingOrSaysHowToGiveIt()
    {
        var fromSetting = WebSearchSpec.Parse("searxng").ToOptions(name => name == "SEARXNG_URL" ? "http://127.0.0.1:8080" : null);
        var e = Assert.Throws<ArgumentException>(() => WebSearchSpec.Parse("searxng").ToOptions(_ => null));

        Assert.Equal("http://127.0.0.1:8080/", fromSetting.Endpoint.AbsoluteUri);
        Assert.Contains("searxng=http://host:port or in SEARXNG_URL", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToOptions_Brave_TakesKeyAndPublicEndpointAndPoliteRate()
    {
        var options = WebSearchSpec.Parse("brave").ToOptions(name => name == "BRAVE_API_KEY" ? " BSA-key " : null);

        Assert.Equal(BraveSearchProvider.DefaultEndpoint, options.Endpoint);
        Assert.Equal("BSA-key", options.ApiKey);
        Assert.Equal(SearchRateLimit.PerSecond(1), options.RateLimit);
    }

    [Fact]
    public async Task Create_SearchesAndReadsThroughTheConfiguredParts()
    {
        await using var searxng = await LoopbackServer.StartAsync(async ctx =>
        {
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(Fixture.Text("searxng.json"), Encoding.UTF8);
        });
        await using var site = await LoopbackServer.StartAsync(async ctx =>
        {
            ctx.Response.ContentType = "text/html";
            await ctx.Response.WriteAsync("<html><head><title>T</title></head><body><article><p>Read through the setup.</p></article></body></html>");
        });
        var cache = Path.Combine(Path.GetTempPath(), "fathom-websetup-" + Guid.NewGuid().ToString("N"), "pages.db");
        using var web = WebSetup.Create(
            [WebSearchSpec.Parse($"searxng={searxng.BaseAddress}")],
            _ => null,
            new SimpleArticleExtractor(),
            new FetchOptions { AllowedHosts = ["127.0.0.1"] },
            cache);

        var hits = await Assert.Single(web.SearchProviders).SearchAsync(new SearchQuery("why startups fail"), CancellationToken.None);
        var page = await web.Reader.ReadAsync(new SearchHit(site.Url("/a").AbsoluteUri, "t", "", 1, "x"), CancellationToken.None);

        Assert.Equal(3, hits.Count);
        Assert.Equal("Read through the setup.", page!.Text);
        Assert.True(File.Exists(cache));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Path.GetDirectoryName(cache)!, recursive: true);
    }

    [Fact]
    public async Task Create_DefaultFetchOptions_RefuseLoopback()
    {
        await using var site = await LoopbackServer.StartAsync(ctx => ctx.Response.WriteAsync("internal"));
        using var web = WebSetup.Create([], _ => null, new SimpleArticleExtractor());

        var e = await Assert.ThrowsAsync<PageReadException>(() => web.Reader.ReadAsync(new SearchHit(site.Url("/").AbsoluteUri, "t", "", 1, "x"), CancellationToken.None));

        Assert.StartsWith("refused: 127.0.0.1 is a loopback address", e.Message, StringComparison.Ordinal);
        Assert.Empty(site.Requests);
    }
}
