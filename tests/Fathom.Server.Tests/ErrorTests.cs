using System.Net;
using System.Text.Json;
using Fathom.Server.Tests.Support;
using Fathom.Storage;

namespace Fathom.Server.Tests;

/// <summary>Every error row of §6 of the protocol that applies to Fathom, produced against the real server.</summary>
public sealed class ErrorTests : IAsyncLifetime
{
    private const string Question = "Research artificial intelligence in education";
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(TestServer.Engine(new() { SupportsImages = true }));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task MissingKey_StreamRequest_401InvalidApiKeyAsSseErrorEvent()
    {
        using var anonymous = _server.NewClient(key: null);
        var (response, body) = await _server.PostAsync(Body(), client: anonymous);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var frame = Assert.Single(StrictSse.Parse(body, response.Headers.GetValues("x-request-id").Single()));
        Assert.Equal("error", frame.Event);
        Assert.Equal(401, frame.HttpStatus);
        Assert.Equal("InvalidApiKey", frame.Json.GetProperty("code").GetString());
    }

    [Fact]
    public async Task WrongKey_JsonRequest_401InvalidApiKeyAsJson()
    {
        using var stranger = _server.NewClient("sk-wrong");
        var (response, body) = await _server.PostAsync(Body(), stream: false, client: stranger);
        AssertJsonError(response, body, HttpStatusCode.Unauthorized, "InvalidApiKey");
        Assert.DoesNotContain("sk-wrong", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingModel_400EmptyModel() =>
        await AssertSseError("""{"input":{"messages":[{"role":"user","content":"q"}]}}""", 400, "BadRequest.EmptyModel", "\"model\"");

    [Fact]
    public async Task UnknownModel_404ModelNotFoundListingTheNames() =>
        await AssertSseError("""{"model":"gpt-5","input":{"messages":[{"role":"user","content":"q"}]}}""", 404, "ModelNotFound", "qwen-deep-research");

    [Fact]
    public async Task MissingInput_400EmptyInput() =>
        await AssertSseError("""{"model":"qwen-deep-research"}""", 400, "BadRequest.EmptyInput", "input");

    [Fact]
    public async Task EmptyMessages_400InvalidParameter() =>
        await AssertSseError("""{"model":"qwen-deep-research","input":{"messages":[]}}""", 400, "InvalidParameter", "input.messages");

    [Theory]
    [InlineData("""[{"role":"tool","content":"q"}]""", "role 'tool'")]
    [InlineData("""[{"content":"q"}]""", "needs a \"role\"")]
    [InlineData("""[{"role":"user","content":""}]""", "first user message")]
    [InlineData("""[{"role":"user","content":"q"},{"role":"assistant","content":"a"}]""", "end with a user message")]
    [InlineData("""[{"role":"user","content":42}]""", "needs \"content\"")]
    public async Task BadRoleOrContent_400InvalidParameterWithTheServiceMessage(string messages, string detail)
    {
        var body = await AssertSseError($$$"""{"model":"qwen-deep-research","input":{"messages":{{{messages}}}}}""", 400, "InvalidParameter", detail);
        Assert.Contains("Role must be user or assistant and Content length must be greater than 0", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SixImages_400InvalidParameterNamingTheLimit()
    {
        var parts = string.Join(",", Enumerable.Range(1, 6).Select(i => $$"""{"image":"https://img.example/{{i}}.png"}"""));
        await AssertSseError(ImageBody(parts), 400, "InvalidParameter", "at most 5");
    }

    [Fact]
    public async Task ImageOver10Megabytes_400InvalidParameterNamingTheSize()
    {
        var png = new byte[(11 * 1024 * 1024) + 3];
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(png, 0);
        await AssertSseError(ImageBody($$"""{"image":"data:image/png;base64,{{Convert.ToBase64String(png)}}"}"""), 400, "InvalidParameter", "at most 10 MB");
    }

    [Theory]
    [InlineData("https://img.example/chart.gif", "'.gif'")]
    [InlineData("data:image/png;base64,R0lGODlhAQABAAAAACw=", "not a JPEG, PNG, BMP or WEBP")]
    [InlineData("not an image at all", "neither a public http(s) URL nor base64")]
    public async Task UnsupportedImage_400InvalidParameter(string image, string detail) =>
        await AssertSseError(ImageBody($$"""{"image":"{{image}}"}"""), 400, "InvalidParameter", detail);

    [Fact]
    public async Task ImagesWithAModelThatCannotSee_400NamingTheModelAndTheFix()
    {
        await using var blind = await TestServer.StartAsync();
        var (response, body) = await blind.PostAsync(ImageBody("""{"image":"https://img.example/chart.png"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = StrictSse.Parse(body).Single().Json.GetProperty("message").GetString()!;
        Assert.Contains("'scripted' cannot read images", message, StringComparison.Ordinal);
        Assert.Contains("vision-capable", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidImages_ReachTheEngineRequest()
    {
        const string jpeg = "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHR8eHR0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/";
        await using var images = await ImageHost.StartAsync();
        await using var server = await TestServer.StartAsync(
            TestServer.Engine(new() { SupportsImages = true }),
            configure: o => o.ImageFetch = new Fathom.Reading.Web.FetchOptions { AllowedHosts = ["127.0.0.1"] });
        var (response, _) = await server.PostAsync(ImageBody($$"""{"image":"{{images.Url("/chart.png")}}"},{"image":"data:image/jpeg;base64,{{jpeg}}"}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var store = SqliteRunStore.Open(server.DataDirectory);
        var run = store.Find(response.Headers.GetValues("x-request-id").Single())!;
        Assert.Equal(["image/png", "image/jpeg"], run.Request.Images.Select(i => i.MediaType));
        Assert.Equal("Analyze the data trends in this chart", run.Request.Question);
    }

    [Fact]
    public async Task NonStreamRequest_400InvalidParameterAsJson()
    {
        var (response, body) = await _server.PostAsync(Body(), stream: false);
        var message = AssertJsonError(response, body, HttpStatusCode.BadRequest, "InvalidParameter");
        Assert.Contains("only support stream mode", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamParameterWithoutHeader_StreamsAsTheSdkExpects()
    {
        var (response, body) = await _server.PostAsync(Body(extra: "\"stream\":true,\"enable_feedback\":false"), stream: false);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        StrictSse.AssertResearchMachine(StrictSse.Parse(body));
    }

    [Fact]
    public async Task InvalidJson_400InvalidParameter() =>
        await AssertSseError("{\"model\":", 400, "InvalidParameter", "not valid JSON");

    [Theory]
    [InlineData("\"incremental_output\":\"yes\"", "parameters.incremental_output")]
    [InlineData("\"output_format\":\"essay\"", "parameters.output_format")]
    [InlineData("\"research_tools\":[{\"type\":\"mcp\",\"server_label\":\"kb\",\"server_url\":\"ftp://x\",\"allowed_tools\":[\"search\"]}]", "research_tools[0].server_url")]
    [InlineData("\"research_tools\":[{\"type\":\"mcp\",\"server_label\":\"kb\",\"server_url\":\"https://x/sse\",\"allowed_tools\":[]}]", "research_tools[0].allowed_tools")]
    public async Task InvalidParameters_400NamingTheField(string parameters, string field) =>
        await AssertSseError(Body(extra: parameters), 400, "InvalidParameter", field);

    [Fact]
    public async Task OutputFormatAtTopLevel_IsAccepted()
    {
        var (response, _) = await _server.PostAsync(
            $$$"""{"model":"qwen-deep-research","output_format":"model_summary_report","input":{"messages":[{"role":"user","content":"{{{Question}}}"}]}}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var store = SqliteRunStore.Open(_server.DataDirectory);
        Assert.Equal(Fathom.Research.ReportStyle.Summary, store.Find(response.Headers.GetValues("x-request-id").Single())!.Request.Style);
    }

    [Fact]
    public async Task BodyOverTheLimit_413TooLarge()
    {
        await using var small = await TestServer.StartAsync(configure: o => o.MaxRequestBytes = 2_000);
        await AssertSseError(Body(question: new string('q', 3_000)), 413, "BadRequest.TooLarge", "at most 2000 bytes", small);
    }

    [Fact]
    public async Task FaultMidStream_ChunksThenOneErrorEventWithTheRealStatus()
    {
        await using var failing = await TestServer.StartAsync(TestServer.Engine(new() { FailIn = "learn" }));
        var (response, body) = await failing.PostAsync(Body(extra: "\"enable_feedback\":false"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var runId = response.Headers.GetValues("x-request-id").Single();
        var frames = StrictSse.Parse(body, runId);
        Assert.Contains(frames, f => !f.IsError && f.Phase == "ResearchPlanning");
        var error = frames[^1];
        Assert.True(error.IsError);
        Assert.Equal(500, error.HttpStatus);
        Assert.Equal("InternalError", error.Json.GetProperty("code").GetString());
        Assert.Contains("fails in learn", error.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains($"/api/v1/research/{runId}/resume", error.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    internal static string Body(string question = Question, string? extra = null) =>
        "{\"model\":\"qwen-deep-research\",\"input\":{\"messages\":[{\"role\":\"user\",\"content\":\"" + question + "\"}]}"
        + (extra is null ? "" : ",\"parameters\":{" + extra + "}") + "}";

    private static string ImageBody(string imageParts) =>
        $$$"""{"model":"qwen-deep-research","input":{"messages":[{"role":"user","content":[{{{imageParts}}},{"text":"Analyze the data trends in this chart"}]}]},"parameters":{"enable_feedback":false}}""";

    private async Task<string> AssertSseError(string body, int status, string code, string detail, TestServer? server = null)
    {
        var (response, text) = await (server ?? _server).PostAsync(body);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var requestId = response.Headers.GetValues("x-request-id").Single();
        var frame = Assert.Single(StrictSse.Parse(text, requestId));
        Assert.True(frame.IsError);
        Assert.Equal(status, frame.HttpStatus);
        Assert.Equal(code, frame.Json.GetProperty("code").GetString());
        Assert.Contains(detail, frame.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
        return text;
    }

    private static string AssertJsonError(HttpResponseMessage response, string body, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("{\"code\":", body, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(["code", "message", "request_id"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(code, json.RootElement.GetProperty("code").GetString());
        Assert.Equal(response.Headers.GetValues("x-request-id").Single(), json.RootElement.GetProperty("request_id").GetString());
        return json.RootElement.GetProperty("message").GetString()!;
    }
}
