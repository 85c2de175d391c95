using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fathom.Models;
using Fathom.Models.Extractive;
using Fathom.Research;
using Fathom.Server.DashScope;
using Fathom.Server.Tests.Support;

namespace Fathom.Server.Tests;

/// <summary>The two-step flow of the seed page, run with its own curl bodies against the real server on loopback.</summary>
public sealed partial class CurlFlowTests
{
    [GeneratedRegex(@"\[\[(\d+(?:\s*,\s*\d+)*)\]\]")]
    private static partial Regex Citation();

    /// <summary>
    /// The two-step flow clients run: both curl bodies of the seed page, against <c>fathom serve</c>'s composition
    /// (a local corpus folder indexed by the engine) with the built-in extractive model, and with a
    /// scripted model whose every step is known.
    /// </summary>
    [Theory]
    [InlineData("extractive")]
    [InlineData("scripted")]
    public async Task SeedCurlCommands_ClarifyThenResearch_StreamBothStepsAndEveryEventParses(string model)
    {
        var bodies = SeedCurl.Bodies();
        Assert.True(bodies.Count >= 2, "the seed page has the clarify and the research curl commands");
        var builtIn = model == "extractive";
        IResearchModel researcher = builtIn ? new ExtractiveResearchModel() : new ScriptedResearchModel(new());
        using var corpus = await LocalCorpus.CreateAsync(researcher);
        await using var server = await TestServer.StartAsync(corpus.Handle.Engine);

        // Step 1: the model asks what to focus on, in the answer phase only.
        var (clarify, clarifyBody) = await server.PostAsync(bodies[0]);
        Assert.Equal(HttpStatusCode.OK, clarify.StatusCode);
        var head = await RawHttp.HeadOfPostAsync(server.Address, "/api/v1/services/aigc/text-generation/generation", bodies[0], "X-DashScope-SSE: enable", $"Authorization: Bearer {TestServer.Key}");
        Assert.StartsWith("HTTP/1.1 200 OK", head, StringComparison.Ordinal);
        Assert.Contains("\r\nContent-Type: text/event-stream;charset=UTF-8\r\n", head, StringComparison.Ordinal);
        Assert.Contains("\r\nTransfer-Encoding: chunked", head, StringComparison.Ordinal);
        var clarifyId = clarify.Headers.GetValues("x-request-id").Single();
        // A KeepAlive frame may come first when the model takes over a second (the first frame goes out
        // within one whatever the load); every frame of the answer itself is in the answer phase.
        var questions = StrictSse.Parse(clarifyBody, clarifyId).Where(f => f.Phase != DashScopePhase.KeepAlive).ToArray();
        Assert.All(questions, f => Assert.Equal(DashScopePhase.Answer, f.Phase));
        Assert.Equal(DashScopeStatus.Finished, questions[^1].Status);
        Assert.All(questions[..^1], f => Assert.Equal(DashScopeStatus.Typing, f.Status));
        Assert.Contains(builtIn ? "matter most to you" : "Which level of education",
            string.Concat(questions.Select(f => f.Content)), StringComparison.Ordinal);

        // Step 2: the full research: plan, rounds, report with references.
        var (research, researchBody) = await server.PostAsync(bodies[1]);
        Assert.Equal(HttpStatusCode.OK, research.StatusCode);
        var runId = research.Headers.GetValues("x-request-id").Single();
        Assert.Equal(runId, research.Headers.GetValues("x-dashscope-requestid").Single());
        var frames = StrictSse.Parse(researchBody, runId);
        StrictSse.AssertResearchMachine(frames);
        Assert.Equal(frames.Select(f => f.OutputTokens).Order(), frames.Select(f => f.OutputTokens));
        var rounds = frames.Where(f => f.Status == DashScopeStatus.WebResultFinished).Select(f => f.DeepResearch.GetProperty("research").GetProperty("id").GetInt32()).ToList();
        Assert.Equal(Enumerable.Range(1, rounds.Count), rounds);
        if (!builtIn)
        {
            Assert.All(frames, f => Assert.True(f.OutputTokens > 0, "the plan's chunks already carry the planning call's usage"));
            Assert.Equal([1, 2], rounds);
        }

        Assert.Contains(frames, f => f.DeepResearch.TryGetProperty("research", out var r) && r.TryGetProperty("webSites", out _));
        Assert.Contains(frames, f => f.DeepResearch.TryGetProperty("research", out var r) && r.TryGetProperty("learningMap", out _));

        var answer = frames.Where(f => f.Phase == DashScopePhase.Answer).ToList();
        var references = answer[0].DeepResearch.GetProperty("references").EnumerateArray().Select(r => r.GetProperty("index_number").GetInt32()).ToHashSet();
        Assert.NotEmpty(references);
        var report = string.Concat(answer.Select(f => f.Content));
        Assert.StartsWith("# ", report, StringComparison.Ordinal);
        var cited = Citation().Matches(report).SelectMany(m => m.Groups[1].Value.Split(',')).Select(int.Parse).ToHashSet();
        Assert.NotEmpty(cited);
        Assert.Subset(references, cited);
        var urls = answer[0].DeepResearch.GetProperty("references").EnumerateArray().Select(r => r.GetProperty("url").GetString()).ToList();
        Assert.All(urls, u => Assert.StartsWith("https://edu.example/", u, StringComparison.Ordinal));

        // The run is stored under the request id, with the same report.
        using var stored = JsonDocument.Parse(await server.Client.GetStringAsync($"/api/v1/research/{runId}"));
        Assert.Equal("completed", stored.RootElement.GetProperty("status").GetString());
        Assert.Equal(report, stored.RootElement.GetProperty("report").GetString());
        Assert.Equal(frames[^1].OutputTokens, stored.RootElement.GetProperty("usage").GetProperty("output_tokens").GetInt64());
    }

    [Fact]
    public async Task FeedbackDisabled_SingleMessage_GoesStraightToResearch()
    {
        await using var server = await TestServer.StartAsync();
        var (response, body) = await server.PostAsync(
            """{"model":"qwen-deep-research","input":{"messages":[{"role":"user","content":"Research artificial intelligence in education"}]},"parameters":{"enable_feedback":false}}""");
        StrictSse.AssertResearchMachine(StrictSse.Parse(body, response.Headers.GetValues("x-request-id").Single()));
    }

    [Fact]
    public async Task SnapshotModel_WithResearchTools_StreamsThinkingStatus()
    {
        await using var server = await TestServer.StartAsync();
        var (response, body) = await server.PostAsync("""
            {"model":"qwen-deep-research-2025-12-15","input":{"messages":[{"role":"user","content":"Research artificial intelligence in education"}]},
             "parameters":{"enable_feedback":false,"research_tools":[{"type":"mcp","server_label":"kb","server_url":"https://kb.example/sse","allowed_tools":["search","fetch"],"authentication":{"bearer":"t"}}]}}
            """);
        var frames = StrictSse.Parse(body, response.Headers.GetValues("x-request-id").Single());
        StrictSse.AssertResearchMachine(frames, thinking: true);
        Assert.DoesNotContain(frames, f => f.Status is DashScopeStatus.StreamingQueries or DashScopeStatus.StreamingWebResult);
    }

    [Fact]
    public async Task IncrementalOutputFalse_EveryChunkCarriesTheTextSoFar()
    {
        await using var server = await TestServer.StartAsync();
        var request = """{"model":"qwen-deep-research","input":{"messages":[{"role":"user","content":"Research artificial intelligence in education"}]},"parameters":{"enable_feedback":false,"incremental_output":%}}""";
        var (_, deltasBody) = await server.PostAsync(request.Replace("%", "true", StringComparison.Ordinal));
        var (_, fullBody) = await server.PostAsync(request.Replace("%", "false", StringComparison.Ordinal));
        var deltas = StrictSse.Parse(deltasBody).Where(f => f.Phase == DashScopePhase.Answer && f.Status == DashScopeStatus.Typing).ToList();
        var full = StrictSse.Parse(fullBody).Where(f => f.Phase == DashScopePhase.Answer).ToList();
        Assert.True(deltas.Count > 1, "the report streams in several chunks");
        var report = string.Concat(deltas.Select(f => f.Content));
        for (var i = 0; i < deltas.Count; i++)
        {
            Assert.Equal(string.Concat(deltas.Take(i + 1).Select(f => f.Content)), full[i].Content);
        }

        Assert.Equal(report, full[^1].Content);
    }

    [Fact]
    public async Task SlowModel_NothingToSendForAWhile_KeepAliveChunksFlow()
    {
        var engine = TestServer.Engine(new ScriptedResearchModel.Script { Rounds = 1, Delay = TimeSpan.FromMilliseconds(400) });
        await using var server = await TestServer.StartAsync(engine, configure: o => o.KeepAliveInterval = TimeSpan.FromMilliseconds(100));
        var (response, body) = await server.PostAsync(
            """{"model":"qwen-deep-research","input":{"messages":[{"role":"user","content":"Research artificial intelligence in education"}]},"parameters":{"enable_feedback":false}}""");
        var frames = StrictSse.Parse(body, response.Headers.GetValues("x-request-id").Single());
        var keepAlive = frames.Where(f => f.Phase == DashScopePhase.KeepAlive).ToList();
        Assert.NotEmpty(keepAlive);
        Assert.All(keepAlive, f => Assert.Equal(DashScopeStatus.Typing, f.Status));
        StrictSse.AssertResearchMachine(frames);
    }
}
