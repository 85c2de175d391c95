using System.Text.Json;
using Fathom.Cli;
using Fathom.Cli.Infrastructure;
using Fathom.Mcp.Tests.Support;
using Spectre.Console.Testing;

namespace Fathom.Mcp.Tests;

/// <summary><c>--mcp</c>, <c>--mcp-token</c> and <c>--mcp-tools</c> on <c>fathom research</c>.</summary>
public sealed class CliMcpTests : IDisposable
{
    private readonly string _directory = Paths.TempDirectory();
    private readonly TestConsole _out = new();
    private readonly TestConsole _progress = new();

    public CliMcpTests()
    {
        // The command keeps a journal of each run under the data directory: a temporary one here.
        Environment.SetEnvironmentVariable("XDG_DATA_HOME", Path.Combine(_directory, "data"));
    }

    public void Dispose() => Paths.TryDelete(_directory);

    private async Task<int> Run(params string[] args)
    {
        var console = new CliConsole(_out, _progress, new StringReader(""), CanAsk: false);
        return await FathomApp.Create(console, TimeProvider.System).RunAsync(args);
    }

    [Fact]
    public async Task Research_WhoseOnlySourceIsAnMcpServer_WritesACitedReportOfItsDocuments()
    {
        const string token = "cli-token-90b1d3";
        await using var kb = await CorpusMcpServer.StartAsync(requiredToken: token);
        var result = Path.Combine(_directory, "r.json");

        var code = await Run("research", "why startups fail", "--mcp", $"kb={kb.Url}", "--mcp-token", $"kb={token}", "--allow-host", "127.0.0.1", "--no-clarify", "--rounds", "1", "--out", result);

        Assert.True(code == 0, $"exit code {code}: {_progress.Output}{_out.Output}");
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(result));
        var urls = json.RootElement.GetProperty("references").EnumerateArray().Select(r => r.GetProperty("url").GetString()!).ToList();
        Assert.NotEmpty(urls);
        var served = ResearchDocuments.All.Select(d => d.Url).ToHashSet(StringComparer.Ordinal);
        Assert.All(urls, u => Assert.Contains(u, served));
        Assert.Contains("Bearer " + token, kb.CallLog.Authorization);
        var written = string.Concat(Directory.EnumerateFiles(_directory, "*", SearchOption.AllDirectories).Select(File.ReadAllText));
        Assert.DoesNotContain(token, written + _out.Output + _progress.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--allow-host", "kb=http://127.0.0.1:9/mcp")]
    [InlineData("LABEL=URL", "just-a-url")]
    [InlineData("user:pass@", "kb=http://user:pass@kb.example.com/mcp")]
    public async Task Research_BadMcpOption_IsAUsageErrorThatSaysWhy(string expected, string value)
    {
        var code = await Run("research", "q", "--mcp", value);

        Assert.NotEqual(0, code);
        Assert.Contains(expected, _out.Output + _progress.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_WithMcpOption_EveryRunSearchesTheServerAndCitesItsDocuments()
    {
        const string token = "serve-token-4c2e81";
        await using var kb = await CorpusMcpServer.StartAsync(requiredToken: token);
        var keys = Path.Combine(_directory, "keys.txt");
        await File.WriteAllTextAsync(keys, "sk-serve-mcp-test\n");
        _progress.Profile.Width = 10_000;
        var console = new CliConsole(_out, _progress, new StringReader(""), CanAsk: false);
        using var stop = new CancellationTokenSource();
        var serving = FathomApp.Create(console, TimeProvider.System).RunAsync(
            ["serve", "--urls", "http://127.0.0.1:0", "--data", Path.Combine(_directory, "serve"), "--keys-file", keys, "--embedder", "none",
             "--mcp", $"kb={kb.Url}", "--mcp-token", $"kb={token}", "--allow-host", "127.0.0.1", "--rounds", "1"],
            stop.Token);
        var address = await WaitForAddress(serving);

        // No research_tools in the request, and no corpus: the server's --mcp server is the run's source.
        using var client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", "sk-serve-mcp-test");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/services/aigc/text-generation/generation")
        {
            Content = new StringContent("""{"model":"qwen-deep-research","input":{"messages":[{"role":"user","content":"why startups fail"}]},"parameters":{"enable_feedback":false}}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-DashScope-SSE", "enable");
        using var response = await client.SendAsync(request);
        var stream = await response.Content.ReadAsStringAsync();
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        using var run = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/research/{response.Headers.GetValues("x-request-id").Single()}"));
        Assert.Equal("completed", run.RootElement.GetProperty("status").GetString());
        var urls = run.RootElement.GetProperty("references").EnumerateArray().Select(r => r.GetProperty("url").GetString()!).ToList();
        Assert.NotEmpty(urls);
        var served = ResearchDocuments.All.Select(d => d.Url).ToHashSet(StringComparer.Ordinal);
        Assert.All(urls, u => Assert.Contains(u, served));
        Assert.NotEmpty(kb.CallLog.Searches);
        Assert.Contains("Bearer " + token, kb.CallLog.Authorization);
        Assert.DoesNotContain(token, stream + _out.Output + _progress.Output, StringComparison.Ordinal);

        await stop.CancelAsync();
        Assert.Equal(0, await serving.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    private async Task<string> WaitForAddress(Task<int> serving)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            if (System.Text.RegularExpressions.Regex.Match(_progress.Output, @"on (http://127\.0\.0\.1:\d+)") is { Success: true } match)
            {
                return match.Groups[1].Value;
            }

            Assert.False(serving.IsCompleted, $"fathom serve stopped: {_progress.Output}{_out.Output}");
            Assert.True(DateTime.UtcNow < deadline, "fathom serve did not start within 90 s");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Research_TokenForNoServer_IsAUsageError()
    {
        var code = await Run("research", "q", "--mcp", "kb=https://kb.example.com/mcp", "--mcp-token", "other=secret-xyz");

        Assert.NotEqual(0, code);
        var said = _out.Output + _progress.Output;
        Assert.Contains("--mcp-token other names no --mcp server", said, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-xyz", said, StringComparison.Ordinal);
    }

    [Fact]
    public void McpTools_NameTheToolsAServerMayCall_SearchAndFetchWithout()
    {
        var specs = McpOption.Parse(
            ["kb=https://kb.example.com/mcp", "notes=https://notes.example.com/mcp"], [], [], _ => null, ["notes=search, lookup,lookup"]);

        Assert.Equal(["search", "fetch"], specs.Single(s => s.Label == "kb").AllowedTools);
        Assert.Equal(["search", "lookup"], specs.Single(s => s.Label == "notes").AllowedTools);
        Assert.True(specs.Single(s => s.Label == "notes").OffersModelTools);
        Assert.False(specs.Single(s => s.Label == "kb").OffersModelTools);
    }

    [Fact]
    public async Task Research_ToolsForNoServer_IsAUsageError()
    {
        var code = await Run("research", "q", "--mcp", "kb=https://kb.example.com/mcp", "--mcp-tools", "other=lookup");

        Assert.NotEqual(0, code);
        Assert.Contains("--mcp-tools other names no --mcp server", _out.Output + _progress.Output, StringComparison.Ordinal);
    }
}
