using System.Net;
using System.Text;
using System.Text.Json;
using Fathom.Mcp.Tests.Support;

namespace Fathom.Mcp.Tests;

/// <summary>research_tools on the DashScope endpoint: a request whose only source is an MCP server, and addresses the policy refuses.</summary>
public sealed class DashScopeResearchToolsTests
{
    private static HttpRequestMessage Generation(string serverUrl, string? token = null, string? approval = null, string allowed = "\"search\",\"fetch\"")
    {
        var auth = (token is null ? "" : $$""","authentication":{"bearer":"{{token}}"}""") + (approval is null ? "" : $$""","require_approval":{{approval}}""");
        var body = $$$"""
            {"model":"qwen-deep-research","input":{"messages":[{"role":"user","content":"why startups fail"}]},
             "parameters":{"enable_feedback":false,"incremental_output":true,
               "research_tools":[{"type":"mcp","server_label":"kb","server_url":"{{{serverUrl}}}","allowed_tools":[{{{allowed}}}]{{{auth}}}}]}}
            """;
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/services/aigc/text-generation/generation") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-DashScope-SSE", "enable");
        return request;
    }

    [Fact]
    public async Task Request_WhoseOnlySourceIsAnMcpServer_GivesACitedReportOfItsDocuments()
    {
        const string token = "kb-token-77a1c9e2";
        await using var kb = await CorpusMcpServer.StartAsync(requiredToken: token);
        await using var fathom = await FathomHost.StartAsync(Engines.ToolsOnly());
        using var client = fathom.Client();

        using var response = await client.SendAsync(Generation(kb.Url.ToString(), token));
        var stream = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var requestId = response.Headers.GetValues("x-request-id").Single();

        using var run = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/research/{requestId}"));
        Assert.Equal("completed", run.RootElement.GetProperty("status").GetString());
        var references = run.RootElement.GetProperty("references").EnumerateArray().Select(r => r.GetProperty("url").GetString()!).ToList();
        Assert.NotEmpty(references);
        var served = ResearchDocuments.All.Select(d => d.Url).ToHashSet(StringComparer.Ordinal);
        Assert.All(references, url => Assert.Contains(url, served));
        Assert.Contains("[[1]]", run.RootElement.GetProperty("report").GetString(), StringComparison.Ordinal);
        Assert.Contains("\"phase\":\"WebResearch\"", stream, StringComparison.Ordinal);

        Assert.Contains("Bearer " + token, kb.CallLog.Authorization);
        Assert.DoesNotContain(token, stream, StringComparison.Ordinal);
        Assert.DoesNotContain(token, fathom.StoreBytes(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_AllowingAnotherTool_LanguageModelCallsIt_ItsAnswerIsACitedReference()
    {
        const string token = "kb-token-3d0f5a61";
        await using var kb = await CorpusMcpServer.StartAsync(requiredToken: token);
        var model = new ScriptedToolModel(new Microsoft.Extensions.AI.FunctionCallContent("c1", "lookup", new Dictionary<string, object?> { ["topic"] = "cash" }));
        await using var fathom = await FathomHost.StartAsync(Engines.ToolsOnly(model.Model()));
        using var client = fathom.Client();

        using var response = await client.SendAsync(Generation(kb.Url.ToString(), token, allowed: "\"search\",\"fetch\",\"lookup\""));
        var stream = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var requestId = response.Headers.GetValues("x-request-id").Single();

        using var run = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/research/{requestId}"));
        Assert.Equal("completed", run.RootElement.GetProperty("status").GetString());
        Assert.Equal(["lookup(cash)"], kb.CallLog.ToolCalls);
        Assert.Equal(["lookup"], model.Calls.First(c => c.Tools.Count > 0).Tools);
        var references = run.RootElement.GetProperty("references").EnumerateArray().Select(r => r.GetProperty("url").GetString()!).ToList();
        Assert.Contains("mcp://kb/lookup?topic=cash", references);
        Assert.Contains("42 percent of failed startups", run.RootElement.GetProperty("report").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(token, stream, StringComparison.Ordinal);
        Assert.DoesNotContain(token, fathom.StoreBytes(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task McpServerStoppedMidRun_StreamEndsWithAReportFromWhatWasReadAndTheRunSaysWhy()
    {
        // Slow fetches, so that the server is gone while the run still has pages to read from it.
        var kb = await CorpusMcpServer.StartAsync(fetchDelay: TimeSpan.FromMilliseconds(400));
        await using var fathom = await FathomHost.StartAsync(Engines.ToolsOnly(tools: Engines.LoopbackTools(TimeSpan.FromSeconds(5))));
        using var client = fathom.Client();

        using var response = await client.SendAsync(Generation(kb.Url.ToString()), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var requestId = response.Headers.GetValues("x-request-id").Single();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var frames = new List<string>();
        var stopped = false;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (!line.StartsWith("data:", StringComparison.Ordinal))
            {
                continue;
            }

            frames.Add(line);
            if (!stopped && line.Contains("\"learningMap\"", StringComparison.Ordinal))
            {
                stopped = true;
                await kb.StopAsync(); // a crash: the rest of the run finds nobody listening
            }
        }

        Assert.True(stopped, "no page was learned from the MCP server before it was to stop");
        Assert.Contains(frames, f => f.Contains("\"phase\":\"answer\"", StringComparison.Ordinal) && f.Contains("\"status\":\"finished\"", StringComparison.Ordinal));
        Assert.DoesNotContain(frames, f => f.Contains("\"code\":", StringComparison.Ordinal));

        using var run = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/research/{requestId}"));
        Assert.Equal("completed", run.RootElement.GetProperty("status").GetString());
        var report = run.RootElement.GetProperty("report").GetString()!;
        Assert.Contains("[[1]]", report, StringComparison.Ordinal);
        Assert.Contains("## Notes", report, StringComparison.Ordinal);
        Assert.Contains("MCP server 'kb'", report, StringComparison.Ordinal);
        var served = ResearchDocuments.All.Select(d => d.Url).ToHashSet(StringComparer.Ordinal);
        Assert.All(run.RootElement.GetProperty("references").EnumerateArray(), r => Assert.Contains(r.GetProperty("url").GetString()!, served));

        // The stored events say what failed: a skipped page or a failed search naming the server.
        var events = await client.GetStringAsync($"/api/v1/research/{requestId}/events");
        Assert.True(events.Contains("event:page_skipped\n", StringComparison.Ordinal) || events.Contains("event:search_failed\n", StringComparison.Ordinal), events);
        Assert.Contains("MCP server", events, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("\"always\"")]
    [InlineData("{\"never\":{\"tool_names\":[\"search\"]}}")]
    [InlineData("1")]
    public async Task RequireApproval_AskingForApproval_Is400InvalidParameterNamingTheField(string approval)
    {
        await using var fathom = await FathomHost.StartAsync(Engines.ToolsOnly());
        using var client = fathom.Client();

        using var response = await client.SendAsync(Generation("http://127.0.0.1:9/mcp", approval: approval));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"code\":\"InvalidParameter\"", body, StringComparison.Ordinal);
        Assert.Contains("parameters.research_tools[0].require_approval", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("false")]
    [InlineData("\"never\"")]
    public async Task RequireApproval_Never_RunsAndCallsTheAllowedTools(string approval)
    {
        await using var kb = await CorpusMcpServer.StartAsync();
        await using var fathom = await FathomHost.StartAsync(Engines.ToolsOnly());
        using var client = fathom.Client();

        using var response = await client.SendAsync(Generation(kb.Url.ToString(), approval: approval));
        await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(kb.CallLog.Searches);
    }

    [Theory]
    [InlineData("http://169.254.169.254/mcp")]
    [InlineData("http://127.0.0.1:8080/mcp")]
    [InlineData("http://[::1]:8080/mcp")]
    [InlineData("file:///etc/passwd")]
    [InlineData("http://user:pass@kb.example.com/mcp")]
    public async Task ServerUrl_OutsideTheAddressPolicy_Is400InvalidParameterNamingTheField(string url)
    {
        // No --allow-host: loopback is refused like any other private address.
        var engine = new Research.ResearchEngine(new Models.Extractive.ExtractiveResearchModel(), [], new Reading.ReaderChain([]));
        await using var fathom = await FathomHost.StartAsync(engine);
        using var client = fathom.Client();

        using var response = await client.SendAsync(Generation(url));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"code\":\"InvalidParameter\"", body, StringComparison.Ordinal);
        Assert.Contains("parameters.research_tools[0].server_url", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerWithoutSources_RequestWithoutResearchTools_Is400SayingWhatToDo()
    {
        await using var fathom = await FathomHost.StartAsync(Engines.ToolsOnly());
        using var client = fathom.Client();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/services/aigc/text-generation/generation")
        {
            Content = new StringContent("""{"model":"qwen-deep-research","input":{"messages":[{"role":"user","content":"q"}]}}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-DashScope-SSE", "enable");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("research_tools", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
