using System.Text.Json;
using Fathom.Events;
using Fathom.Mcp.Tests.Support;
using Fathom.Research;
using Fathom.Tools;

namespace Fathom.Mcp.Tests;

/// <summary>research_tools in the engine: an MCP server's search and fetch as a run's sources, against a real C# SDK server.</summary>
public sealed class ResearchToolsTests
{
    private static ResearchRequest Request(params McpServerSpec[] servers) => new()
    {
        Question = "why startups fail",
        AllowClarification = false,
        ResearchTools = servers,
        Limits = new ResearchLimits { MaxRounds = 2, PagesPerRound = 4, Concurrency = 1 },
    };

    [Fact]
    public async Task Run_OnlySourceIsMcpServer_ReportCitesItsDocuments()
    {
        await using var server = await CorpusMcpServer.StartAsync();
        var events = await Engines.RunAsync(Engines.ToolsOnly(), Request(Engines.Spec(server.Url)));

        Assert.Equal(RunStatus.Completed, events.OfType<RunFinished>().Single().Status);
        var report = events.OfType<ReportWritten>().Single();
        Assert.NotEmpty(report.References);
        var served = ResearchDocuments.All.Select(d => d.Url).ToHashSet(StringComparer.Ordinal);
        Assert.All(report.References, r => Assert.Contains(r.Url, served));
        Assert.Contains("[[1]]", report.Markdown, StringComparison.Ordinal);
        Assert.NotEmpty(server.CallLog.Searches);
        Assert.NotEmpty(server.CallLog.Fetches);
        Assert.DoesNotContain("## Notes", report.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ServerStoppedMidRun_EmitsEventAndReportsFromWhatWasRead()
    {
        var server = await CorpusMcpServer.StartAsync();
        var stopped = false;
        var events = await Engines.RunAsync(Engines.ToolsOnly(tools: Engines.LoopbackTools(TimeSpan.FromSeconds(5))), Request(Engines.Spec(server.Url)), async e =>
        {
            if (e is PageLearned && !stopped)
            {
                stopped = true;
                await server.StopAsync();
            }
        });

        Assert.True(stopped, "no page was learned before the server was to stop");
        Assert.Equal(RunStatus.Completed, events.OfType<RunFinished>().Single().Status);
        var failures = events.OfType<PageSkipped>().Select(p => p.Reason).Concat(events.OfType<SearchFailed>().Select(s => s.Reason)).ToList();
        Assert.Contains(failures, f => f.Contains("MCP server 'kb'", StringComparison.Ordinal));
        var report = events.OfType<ReportWritten>().Single();
        Assert.NotEmpty(report.References);
        Assert.Contains("## Notes", report.Markdown, StringComparison.Ordinal);
        Assert.Contains("MCP server 'kb'", report.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ServerUnreachable_IsAnEventAndANoteNotAFailedRun()
    {
        var url = await CorpusMcpServer.StoppedUrlAsync();

        var events = await Engines.RunAsync(Engines.ToolsOnly(), Request(Engines.Spec(url)));

        Assert.Equal(RunStatus.Completed, events.OfType<RunFinished>().Single().Status);
        var failed = events.OfType<SearchFailed>().First(f => f.Provider == "mcp:kb");
        Assert.Contains("could not be reached", failed.Reason, StringComparison.Ordinal);
        Assert.Contains("could not be reached", events.OfType<ReportWritten>().Single().Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BearerToken_IsSent_AndReachesNoEvent()
    {
        const string token = "secret-token-5f1e0c";
        await using var server = await CorpusMcpServer.StartAsync(requiredToken: token);

        var events = await Engines.RunAsync(Engines.ToolsOnly(), Request(Engines.Spec(server.Url, token: token)));

        Assert.Contains("Bearer " + token, server.CallLog.Authorization);
        Assert.NotEmpty(events.OfType<ReportWritten>().Single().References);
        var json = string.Join("\n", events.Select(FathomJson.Serialize));
        Assert.DoesNotContain(token, json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BearerToken_Missing_ServerRefuses_RunGoesOnWithANote()
    {
        await using var server = await CorpusMcpServer.StartAsync(requiredToken: "needed");

        var events = await Engines.RunAsync(Engines.ToolsOnly(), Request(Engines.Spec(server.Url)));

        Assert.Equal(RunStatus.Completed, events.OfType<RunFinished>().Single().Status);
        Assert.Empty(server.CallLog.Searches);
        Assert.Contains(events.OfType<SearchFailed>(), f => f.Provider == "mcp:kb");
        Assert.Contains("## Notes", events.OfType<ReportWritten>().Single().Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AllowedTools_WithoutFetch_ReadsNothingThroughFetch()
    {
        await using var server = await CorpusMcpServer.StartAsync();

        var events = await Engines.RunAsync(Engines.ToolsOnly(), Request(Engines.Spec(server.Url, allowed: ["search"])));

        Assert.NotEmpty(server.CallLog.Searches);
        Assert.Empty(server.CallLog.Fetches);
        Assert.Contains(events.OfType<PageSkipped>(), p => p.Reason.Contains("'fetch' is not in allowed_tools", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SlowServer_CallTimesOut_PageSkippedWithTheReason()
    {
        await using var server = await CorpusMcpServer.StartAsync(fetchDelay: TimeSpan.FromSeconds(30));
        var request = Request(Engines.Spec(server.Url)) with { Limits = new ResearchLimits { MaxRounds = 1, PagesPerRound = 2, Concurrency = 2 } };

        var events = await Engines.RunAsync(Engines.ToolsOnly(tools: Engines.LoopbackTools(TimeSpan.FromSeconds(1))), request);

        Assert.Equal(RunStatus.Completed, events.OfType<RunFinished>().Single().Status);
        Assert.Contains(events.OfType<PageSkipped>(), p => p.Reason.Contains("did not answer the 'fetch' call within 1 s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LongDocuments_AreCappedAfterTheirJsonIsRead()
    {
        await using var server = await CorpusMcpServer.StartAsync();
        var connector = new ResearchToolConnector(Engines.LoopbackTools() with { MaxOutputChars = 2_000 });
        await using var tools = connector.Open([Engines.Spec(server.Url)]);
        var long_ = ResearchDocuments.All.First(d => d.Text.Length > 10_000);

        var hits = await tools.SearchProviders.Single().SearchAsync(new Search.SearchQuery(long_.Title, 30), CancellationToken.None);
        var hit = hits.First(h => h.Url == long_.Url);
        var page = await tools.Readers.Single().ReadAsync(hit, CancellationToken.None);

        Assert.NotNull(page);
        Assert.InRange(page!.Text.Length, 1_000, 2_000);
        Assert.StartsWith(long_.Text[..200], page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"text\":", page.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://169.254.169.254/mcp", "metadata")]
    [InlineData("http://127.0.0.1:9/mcp", "loopback")]
    [InlineData("http://localhost:9/mcp", "loopback")]
    [InlineData("http://10.1.2.3/mcp", "private")]
    [InlineData("file:///etc/passwd", "http or https")]
    [InlineData("http://user:pass@example.com/mcp", "user:pass@")]
    public void Address_OutsidePolicy_IsRefused(string url, string reason)
    {
        var problem = McpAddress.Problem(url, []);

        Assert.NotNull(problem);
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Address_AllowedHost_IsAccepted() =>
        Assert.Null(McpAddress.Problem("http://127.0.0.1:9/mcp", ["127.0.0.1"]));

    [Fact]
    public void Spec_NeverPrintsOrSerializesItsToken()
    {
        var spec = new McpServerSpec("kb", new Uri("https://kb.example.com/mcp"), ["search"]) { BearerToken = "tok-123" };

        Assert.DoesNotContain("tok-123", spec.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("tok-123", JsonSerializer.Serialize(new ResearchRequest { Question = "q", ResearchTools = [spec] }), StringComparison.Ordinal);
    }
}
