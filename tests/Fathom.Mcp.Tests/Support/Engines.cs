using Fathom.Events;
using Fathom.Models;
using Fathom.Models.Extractive;
using Fathom.Reading;
using Fathom.Reading.Web;
using Fathom.Research;
using Fathom.Tools;

namespace Fathom.Mcp.Tests.Support;

/// <summary>Engines for the tests: the built-in extractive model, and no source but the MCP servers a run names.</summary>
internal static class Engines
{
    /// <summary>MCP options that let the loopback test servers in, with short timeouts.</summary>
    public static McpToolOptions LoopbackTools(TimeSpan? callTimeout = null) => new()
    {
        Fetch = new FetchOptions { AllowedHosts = ["127.0.0.1"] },
        ConnectTimeout = TimeSpan.FromSeconds(10),
        CallTimeout = callTimeout ?? TimeSpan.FromSeconds(10),
    };

    public static ResearchEngine ToolsOnly(IResearchModel? model = null, McpToolOptions? tools = null) =>
        new(model ?? new ExtractiveResearchModel(), [], new ReaderChain([])) { Tools = new ResearchToolConnector(tools ?? LoopbackTools()) };

    public static McpServerSpec Spec(Uri url, string label = "kb", string? token = null, params string[] allowed) =>
        new(label, url, allowed.Length == 0 ? ["search", "fetch"] : allowed) { BearerToken = token };

    public static async Task<List<ResearchEvent>> RunAsync(ResearchEngine engine, ResearchRequest request, Func<ResearchEvent, Task>? onEvent = null)
    {
        var events = new List<ResearchEvent>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await foreach (var e in engine.RunAsync(request, cancellationToken: timeout.Token))
        {
            events.Add(e);
            if (onEvent is not null)
            {
                await onEvent(e);
            }
        }

        return events;
    }
}
