using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Fathom.Composition;
using Fathom.Mcp.Tests.Support;
using Fathom.Models.Extractive;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Fathom.Mcp.Tests;

/// <summary>Fathom as an MCP server: <c>fathom mcp</c> on stdio and <c>/mcp</c> on the server, driven by the C# MCP client.</summary>
public sealed class McpServerTests : IAsyncLifetime
{
    private const string QueryId = "1004305"; // why startups fail
    private readonly string _directory = Paths.TempDirectory();

    private string Corpus => Path.Combine(_directory, "docs");

    private string Index => Path.Combine(_directory, "index.db");

    public Task InitializeAsync()
    {
        ResearchDocuments.WriteCorpus(Corpus, QueryId);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Paths.TryDelete(_directory);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Stdio_AnswersInitializeToolsListAndDeepResearch_WithProgressBeforeTheResult()
    {
        var fathom = Paths.CliAssembly;
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "fathom",
            Command = "dotnet",
            Arguments = [fathom, "mcp", "--corpus", Corpus, "--index", Index, "--rounds", "2"],
        });
        await using var client = await McpClient.CreateAsync(transport);

        Assert.Equal("fathom", client.ServerInfo?.Name);
        await AssertToolsAndResearchAsync(client);
    }

    [Fact]
    public async Task Http_WithKey_AnswersToolsListAndDeepResearch_WithProgressBeforeTheResult()
    {
        using var handle = await EngineFactory.CreateAsync(new EngineOptions { Model = new ExtractiveResearchModel(), CorpusDirectory = Corpus, IndexPath = Index });
        await using var host = await FathomHost.StartAsync(handle.Engine, handle.Index);
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(host.Address, "/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + FathomHost.Key },
        });
        await using var client = await McpClient.CreateAsync(transport);

        await AssertToolsAndResearchAsync(client);
    }

    [Fact]
    public async Task Http_WithoutKey_Is401()
    {
        using var handle = await EngineFactory.CreateAsync(new EngineOptions { Model = new ExtractiveResearchModel(), CorpusDirectory = Corpus, IndexPath = Index });
        await using var host = await FathomHost.StartAsync(handle.Engine, handle.Index);
        using var anonymous = host.Client(key: null);
        using var wrong = host.Client(key: "sk-wrong");
        var initialize = """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""";

        foreach (var client in new[] { anonymous, wrong })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(initialize, Encoding.UTF8, "application/json") };
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        var transport = new HttpClientTransport(new HttpClientTransportOptions { Endpoint = new Uri(host.Address, "/mcp"), TransportMode = HttpTransportMode.StreamableHttp });
        await Assert.ThrowsAnyAsync<Exception>(async () => await McpClient.CreateAsync(transport));
    }

    [Fact]
    public async Task AnotherFathom_ResearchesThisFathomsCorpus_ThroughItsMcpSearchAndFetch()
    {
        using var handle = await EngineFactory.CreateAsync(new EngineOptions { Model = new ExtractiveResearchModel(), CorpusDirectory = Corpus, IndexPath = Index });
        await using var host = await FathomHost.StartAsync(handle.Engine, handle.Index);
        var other = Engines.ToolsOnly();

        var events = await Engines.RunAsync(other, new Research.ResearchRequest
        {
            Question = "why startups fail",
            AllowClarification = false,
            ResearchTools = [Engines.Spec(new Uri(host.Address, "/mcp"), "fathom", FathomHost.Key)],
            Limits = new Research.ResearchLimits { MaxRounds = 1, PagesPerRound = 3 },
        });

        var report = events.OfType<Events.ReportWritten>().Single();
        Assert.NotEmpty(report.References);
        var corpusUrls = ResearchDocuments.All.Where(d => d.QueryId == QueryId).Select(d => d.Url).ToHashSet(StringComparer.Ordinal);
        Assert.All(report.References, r => Assert.Contains(r.Url, corpusUrls));
    }

    private static async Task AssertToolsAndResearchAsync(McpClient client)
    {
        var tools = await client.ListToolsAsync();
        Assert.Equal(["deep_research", "fetch", "search"], tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        var arguments = tools.Single(t => t.Name == "deep_research").JsonSchema.GetProperty("properties").EnumerateObject().Select(p => p.Name);
        Assert.Equal(["answer", "question", "rounds", "summary"], arguments.Order(StringComparer.Ordinal));

        var found = await client.CallToolAsync("search", new Dictionary<string, object?> { ["query"] = "startups fail" });
        using var results = JsonDocument.Parse(found.Content.OfType<TextContentBlock>().Single().Text);
        var first = results.RootElement.GetProperty("results")[0];
        var fetched = await client.CallToolAsync("fetch", new Dictionary<string, object?> { ["id"] = first.GetProperty("id").GetString() });
        using var document = JsonDocument.Parse(fetched.Content.OfType<TextContentBlock>().Single().Text);
        Assert.True(document.RootElement.GetProperty("text").GetString()!.Length > 200);

        var progress = new Recorder();
        var result = await client.CallToolAsync(
            "deep_research",
            new Dictionary<string, object?> { ["question"] = "why startups fail", ["answer"] = "All aspects.", ["rounds"] = 1 },
            progress);
        var seenBeforeResult = progress.Count;

        var text = result.Content.OfType<TextContentBlock>().Single().Text;
        Assert.False(result.IsError == true, "deep_research failed: " + text);
        Assert.True(seenBeforeResult > 0, "no progress notification came before the result");
        Assert.Contains("[[1]]", text, StringComparison.Ordinal);
        Assert.Contains("## References", text, StringComparison.Ordinal);
        Assert.Contains(ResearchDocuments.All.Where(d => d.QueryId == QueryId), d => text.Contains(d.Url, StringComparison.Ordinal));
    }

    /// <summary>Records progress notifications as they arrive (not through a synchronization context).</summary>
    private sealed class Recorder : IProgress<ProgressNotificationValue>
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Report(ProgressNotificationValue value) => Interlocked.Increment(ref _count);
    }
}
