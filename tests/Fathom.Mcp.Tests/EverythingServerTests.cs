using Fathom.Mcp.Tests.Support;
using Fathom.Tools;
using Xunit.Abstractions;

namespace Fathom.Mcp.Tests;

/// <summary>The MCP client against the reference server-everything, over streamable HTTP and over legacy SSE.</summary>
public sealed class EverythingServerTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("streamableHttp")]
    [InlineData("sse")]
    public async Task ListsAndCallsItsTools_OnlyThoseAllowed(string transport)
    {
        if (EverythingServer.Unavailable is { } why)
        {
            output.WriteLine("SKIPPED: " + why);
            return;
        }

        await using var everything = await EverythingServer.StartAsync(transport);
        var connector = new ResearchToolConnector(Engines.LoopbackTools());
        await using var tools = connector.Open([Engines.Spec(everything.Url, "everything", allowed: ["echo", "get-sum", "no-such-tool"])]);
        var server = tools.Servers.Single();

        var offered = await server.ToolsAsync(CancellationToken.None);
        Assert.Equal(["echo", "get-sum"], offered.Order(StringComparer.Ordinal));

        var echo = await server.CallAsync("echo", new Dictionary<string, object?> { ["message"] = "hello from fathom" }, CancellationToken.None);
        Assert.Contains("hello from fathom", echo.Text, StringComparison.Ordinal);

        var sum = await server.CallAsync("get-sum", new Dictionary<string, object?> { ["a"] = 2, ["b"] = 3 }, CancellationToken.None);
        Assert.Contains("5", sum.Text, StringComparison.Ordinal);

        var refused = await Assert.ThrowsAsync<McpToolException>(() => server.CallAsync("get-tiny-image", new Dictionary<string, object?>(), CancellationToken.None));
        Assert.Contains("not in allowed_tools", refused.Message, StringComparison.Ordinal);

        var missing = await Assert.ThrowsAsync<McpToolException>(() => server.CallAsync("no-such-tool", new Dictionary<string, object?>(), CancellationToken.None));
        Assert.Contains("does not offer", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StructuredContent_IsReadAsJson()
    {
        if (EverythingServer.Unavailable is { } why)
        {
            output.WriteLine("SKIPPED: " + why);
            return;
        }

        await using var everything = await EverythingServer.StartAsync("streamableHttp");
        var connector = new ResearchToolConnector(Engines.LoopbackTools());
        await using var tools = connector.Open([Engines.Spec(everything.Url, "everything", allowed: ["get-structured-content"])]);

        var weather = await tools.Servers.Single().CallAsync("get-structured-content", new Dictionary<string, object?> { ["location"] = "New York" }, CancellationToken.None);

        Assert.NotNull(weather.Json);
        Assert.Equal(System.Text.Json.JsonValueKind.Object, weather.Json!.Value.ValueKind);
    }

    [Fact]
    public async Task SearchWithoutSearchTool_IsASearchFailure()
    {
        if (EverythingServer.Unavailable is { } why)
        {
            output.WriteLine("SKIPPED: " + why);
            return;
        }

        await using var everything = await EverythingServer.StartAsync("streamableHttp");
        var connector = new ResearchToolConnector(Engines.LoopbackTools());
        await using var tools = connector.Open([Engines.Spec(everything.Url, "everything")]);

        var provider = Assert.Single(tools.SearchProviders);
        var error = await Assert.ThrowsAsync<McpToolException>(() => provider.SearchAsync(new Search.SearchQuery("anything"), CancellationToken.None));
        Assert.Contains("does not offer the tool 'search'", error.Message, StringComparison.Ordinal);
        Assert.Single(tools.Notes);
    }
}
