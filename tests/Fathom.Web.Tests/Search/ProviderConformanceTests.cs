using System.Text.Json;
using Fathom.Search;
using Fathom.Search.Web;
using Fathom.Web.Tests.Infrastructure;

namespace Fathom.Web.Tests.Search;

public sealed class SearxngConformanceTests : SearchProviderConformance
{
    protected override string ExpectedName => "searxng";

    protected override string AnswerFixture => "searxng.json";

    protected override string EmptyFixture => "searxng-empty.json";

    protected override string ExpectedPath => "/search";

    protected override ISearchProvider Create(HttpClient http, WebSearchOptions options) => new SearxngSearchProvider(http, options);

    protected override void AssertRequestCarries(RecordedRequest request, string query)
    {
        Assert.Equal("GET", request.Method);
        var parameters = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(request.Query);
        Assert.Equal(query, parameters["q"].ToString());
        Assert.Equal("json", parameters["format"].ToString());
    }
}

public sealed class BraveConformanceTests : SearchProviderConformance
{
    protected override string ExpectedName => "brave";

    protected override string AnswerFixture => "brave.json";

    protected override string EmptyFixture => "brave-empty.json";

    protected override string ExpectedPath => "/res/v1/web/search";

    protected override ISearchProvider Create(HttpClient http, WebSearchOptions options) => new BraveSearchProvider(http, options);

    protected override void AssertRequestCarries(RecordedRequest request, string query)
    {
        Assert.Equal("GET", request.Method);
        var parameters = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(request.Query);
        Assert.Equal(query, parameters["q"].ToString());
        Assert.Equal(Key, request.Header("X-Subscription-Token"));
        Assert.DoesNotContain(Key, request.Query, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WithoutKey_SaysWhatIsMissing()
    {
        var e = Assert.Throws<ArgumentException>(() => new BraveSearchProvider(new HttpClient(), new WebSearchOptions { Endpoint = BraveSearchProvider.DefaultEndpoint }));
        Assert.Contains("needs an API key", e.Message, StringComparison.Ordinal);
    }
}

public sealed class TavilyConformanceTests : SearchProviderConformance
{
    protected override string ExpectedName => "tavily";

    protected override string AnswerFixture => "tavily.json";

    protected override string EmptyFixture => "tavily-empty.json";

    protected override string ExpectedPath => "/search";

    protected override ISearchProvider Create(HttpClient http, WebSearchOptions options) => new TavilySearchProvider(http, options);

    protected override void AssertRequestCarries(RecordedRequest request, string query)
    {
        Assert.Equal("POST", request.Method);
        Assert.Equal("Bearer " + Key, request.Header("Authorization"));
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal(query, body.RootElement.GetProperty("query").GetString());
        Assert.True(body.RootElement.GetProperty("max_results").GetInt32() > 0);
        Assert.DoesNotContain(Key, request.Body, StringComparison.Ordinal);
    }
}

public sealed class DuckDuckGoConformanceTests : SearchProviderConformance
{
    protected override string ExpectedName => "duckduckgo";

    protected override string AnswerFixture => "duckduckgo.html";

    protected override string EmptyFixture => "duckduckgo-empty.html";

    protected override string ContentType => "text/html; charset=UTF-8";

    protected override string ExpectedPath => "/html/";

    protected override ISearchProvider Create(HttpClient http, WebSearchOptions options) => new DuckDuckGoSearchProvider(http, options);

    protected override void AssertRequestCarries(RecordedRequest request, string query)
    {
        Assert.Equal("POST", request.Method);
        var form = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery("?" + request.Body);
        Assert.Equal(query, form["q"].ToString());
        Assert.Null(request.Header("Authorization"));
    }

    [Theory]
    [InlineData("//duckduckgo.com/l/?uddg=https%3A%2F%2Fexample.org%2Fa%3Fb%3D1&rut=x", "https://example.org/a?b=1")]
    [InlineData("https://example.org/direct", "https://example.org/direct")]
    [InlineData("javascript:alert(1)", null)]
    public void Unwrap_RedirectLink_GivesTarget(string href, string? expected) =>
        Assert.Equal(expected, DuckDuckGoSearchProvider.Unwrap(href));
}
