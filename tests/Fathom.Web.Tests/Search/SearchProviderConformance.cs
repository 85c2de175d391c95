using System.Net;
using System.Text;
using Fathom.Search;
using Fathom.Search.Web;
using Fathom.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Fathom.Web.Tests.Search;

/// <summary>
/// What every web search provider must do, checked against a loopback server that answers in the
/// provider's documented format. Each provider runs this whole suite through a subclass.
/// </summary>
public abstract class SearchProviderConformance : IAsyncLifetime
{
    protected const string Key = "sk-test-7f3a9c1e5b";

    protected static readonly string[] ExpectedUrls =
    [
        "https://www.failory.com/blog/startup-failure-rate",
        "https://www.cbinsights.com/research/report/startup-failure-reasons-top/",
        "https://hbr.org/2021/05/why-start-ups-fail",
    ];

    private readonly HttpClient _http = new();

    protected LoopbackServer Server { get; private set; } = null!;

    /// <summary>The provider's name in events.</summary>
    protected abstract string ExpectedName { get; }

    /// <summary>The recorded answer with the three expected hits, and one with none.</summary>
    protected abstract string AnswerFixture { get; }

    protected abstract string EmptyFixture { get; }

    protected virtual string ContentType => "application/json; charset=utf-8";

    /// <summary>The address path the API documents for searching.</summary>
    protected abstract string ExpectedPath { get; }

    protected abstract ISearchProvider Create(HttpClient http, WebSearchOptions options);

    /// <summary>Checks that the query (and key, where there is one) travel where the API documents them.</summary>
    protected abstract void AssertRequestCarries(RecordedRequest request, string query);

    public async Task InitializeAsync() => Server = await LoopbackServer.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await Server.DisposeAsync();
    }

    [Fact]
    public async Task Search_DocumentedAnswer_ReturnsHitsInOrderWithCleanText()
    {
        Answer(200, Fixture.Text(AnswerFixture));

        var hits = await Provider().SearchAsync(new SearchQuery("why startups fail"), CancellationToken.None);

        Assert.Equal(ExpectedUrls, hits.Select(h => h.Url));
        Assert.All(hits, h => Assert.Equal(ExpectedName, h.Provider));
        Assert.All(hits, h => Assert.False(string.IsNullOrWhiteSpace(h.Title)));
        Assert.All(hits, h => Assert.DoesNotContain("<", h.Title + h.Snippet, StringComparison.Ordinal));
        Assert.All(hits, h => Assert.DoesNotContain("&amp;", h.Snippet, StringComparison.Ordinal));
        Assert.Contains("startups fail", hits[0].Snippet, StringComparison.OrdinalIgnoreCase);
        Assert.True(hits[0].Score >= hits[^1].Score, "hits come best first");
    }

    [Fact]
    public async Task Search_SendsQueryAndKeyWhereTheApiDocumentsThem()
    {
        Answer(200, Fixture.Text(AnswerFixture));

        await Provider().SearchAsync(new SearchQuery("why startups fail & how"), CancellationToken.None);

        var request = Assert.Single(Server.Requests);
        Assert.Equal(ExpectedPath, request.Path);
        AssertRequestCarries(request, "why startups fail & how");
    }

    [Fact]
    public async Task Search_MaxResults_CapsTheHits()
    {
        Answer(200, Fixture.Text(AnswerFixture));

        var hits = await Provider().SearchAsync(new SearchQuery("why startups fail", MaxResults: 2), CancellationToken.None);

        Assert.Equal(ExpectedUrls.Take(2), hits.Select(h => h.Url));
    }

    [Fact]
    public async Task Search_NoResults_ReturnsEmptyList()
    {
        Answer(200, Fixture.Text(EmptyFixture));

        var hits = await Provider().SearchAsync(new SearchQuery("zxqv nothing"), CancellationToken.None);

        Assert.Empty(hits);
    }

    [Fact]
    public async Task Search_RateLimited_ThrowsTransientFailureWithRetryAfter()
    {
        Server.Handler = ctx =>
        {
            ctx.Response.StatusCode = 429;
            ctx.Response.Headers.RetryAfter = "7";
            return Task.CompletedTask;
        };

        var e = await Assert.ThrowsAsync<SearchProviderException>(() => Provider().SearchAsync(new SearchQuery("q"), CancellationToken.None));

        Assert.True(e.IsTransient);
        Assert.Equal(HttpStatusCode.TooManyRequests, e.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), e.RetryAfter);
        Assert.StartsWith(ExpectedName + ":", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_ServerError_IsTransient()
    {
        Answer(503, "upstream down");

        var e = await Assert.ThrowsAsync<SearchProviderException>(() => Provider().SearchAsync(new SearchQuery("q"), CancellationToken.None));

        Assert.True(e.IsTransient);
        Assert.Contains("503", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_KeyRefused_SaysSoWithoutShowingTheKey()
    {
        Answer(401, $$"""{"error": "invalid key {{Key}}"}""");

        var e = await Assert.ThrowsAsync<SearchProviderException>(() => Provider().SearchAsync(new SearchQuery("q"), CancellationToken.None));

        Assert.False(e.IsTransient);
        Assert.Contains("401", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_UndocumentedAnswer_ThrowsClearFormatError()
    {
        Answer(200, ContentType.StartsWith("text/html", StringComparison.Ordinal) ? "<html><body><div class=\"anomaly-modal\">Unfortunately, bots use DuckDuckGo too.</div></body></html>" : """{"unexpected": true}""");

        var e = await Assert.ThrowsAsync<SearchProviderException>(() => Provider().SearchAsync(new SearchQuery("q"), CancellationToken.None));

        Assert.StartsWith(ExpectedName + ":", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_NoAnswerInTime_ThrowsTransientTimeout()
    {
        Server.Handler = async ctx => await Task.Delay(TimeSpan.FromSeconds(5), ctx.RequestAborted);

        var e = await Assert.ThrowsAsync<SearchProviderException>(() =>
            Provider(timeout: TimeSpan.FromMilliseconds(200)).SearchAsync(new SearchQuery("q"), CancellationToken.None));

        Assert.True(e.IsTransient);
        Assert.Contains("no answer within", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_CallerCancels_ThrowsCancellationNotFailure()
    {
        Server.Handler = async ctx => await Task.Delay(TimeSpan.FromSeconds(5), ctx.RequestAborted);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Provider().SearchAsync(new SearchQuery("q"), cts.Token));
    }

    [Fact]
    public void Options_ToString_MasksTheKey()
    {
        var options = Options(TimeSpan.FromSeconds(5));

        Assert.DoesNotContain(Key, options.ToString(), StringComparison.Ordinal);
        Assert.Contains("***", options.ToString(), StringComparison.Ordinal);
    }

    protected ISearchProvider Provider(TimeSpan? timeout = null) => Create(_http, Options(timeout ?? TimeSpan.FromSeconds(5)));

    private WebSearchOptions Options(TimeSpan timeout) => new() { Endpoint = Server.BaseAddress, ApiKey = Key, Timeout = timeout };

    private void Answer(int status, string body) => Server.Handler = async ctx =>
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = ContentType;
        await ctx.Response.WriteAsync(body, Encoding.UTF8);
    };
}
