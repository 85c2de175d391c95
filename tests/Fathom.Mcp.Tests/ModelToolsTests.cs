using Fathom.Events;
using Fathom.Mcp.Tests.Support;
using Fathom.Models;
using Fathom.Research;
using Fathom.Tools;
using Microsoft.Extensions.AI;
using Xunit.Abstractions;

namespace Fathom.Mcp.Tests;

/// <summary>
/// Allowed MCP tools other than search and fetch, offered to a model that calls tools: really called
/// over MCP, their answers cited sources of the report, tools outside allowed_tools never offered
/// nor called, failures events and notes of a run that completes.
/// </summary>
public sealed class ModelToolsTests(ITestOutputHelper output)
{
    private static ResearchRequest Request(params McpServerSpec[] servers) => new()
    {
        Question = "why startups fail",
        AllowClarification = false,
        ResearchTools = servers,
        Limits = new ResearchLimits { MaxRounds = 2, PagesPerRound = 4, Concurrency = 1 },
    };

    private static FunctionCallContent Call(string id, string name, string argument, string value) =>
        new(id, name, new Dictionary<string, object?> { [argument] = value });

    [Fact]
    public async Task AllowedTool_CalledOverMcp_ItsAnswerIsACitedSourceWithAVerbatimQuote()
    {
        const string token = "tool-token-81c2";
        await using var server = await CorpusMcpServer.StartAsync(requiredToken: token);
        var model = new ScriptedToolModel(Call("c1", "lookup", "topic", "startup cash"));

        var events = await Engines.RunAsync(Engines.ToolsOnly(model.Model()), Request(Engines.Spec(server.Url, token: token, allowed: ["lookup"])));

        Assert.Equal(RunStatus.Completed, events.OfType<RunFinished>().Single().Status);
        Assert.Equal(["lookup(startup cash)"], server.CallLog.ToolCalls);
        var called = events.OfType<ToolCalled>().Single();
        const string address = "mcp://kb/lookup?topic=startup%20cash";
        Assert.Equal(("kb", "lookup", address, true, null), (called.Server, called.Tool, called.Address, called.Called, called.Error));
        Assert.Equal(CorpusMcpServer.CorpusTools.FieldNote("startup cash").Length, called.Characters);

        var report = events.OfType<ReportWritten>().Single();
        var reference = Assert.Single(report.References);
        Assert.Equal(address, reference.Url);
        var quote = Assert.Single(reference.Quotes);
        Assert.Contains(quote, CorpusMcpServer.CorpusTools.FieldNote("startup cash"), StringComparison.Ordinal);
        Assert.Contains("42 percent of failed startups ran out of cash", report.Markdown, StringComparison.Ordinal);
        Assert.Contains("[[1]]", report.Markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("## Notes", report.Markdown, StringComparison.Ordinal);

        // The token went to the server, never into the stream.
        Assert.Contains("Bearer " + token, server.CallLog.Authorization);
        Assert.DoesNotContain(token, string.Join("\n", events.Select(FathomJson.Serialize)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OverTheOpenAIWire_ToolsGoOutAsFunctions_AndTheAnswerComesBackAsAToolMessage()
    {
        await using var server = await CorpusMcpServer.StartAsync();
        var script = new ScriptedToolModel(Call("c1", "lookup", "topic", "cash"));
        await using var wire = await OpenAIWireModel.StartAsync(script);
        var client = new Fathom.Models.Providers.ChatClientFactory().Create($"openai-compatible:wire-model@{wire.BaseAddress}v1", new Fathom.Models.Providers.ModelProviderOptions());
        var model = new Fathom.Models.Chat.ChatResearchModel(Fathom.Models.Chat.ChatModelRoles.Shared(client), new Fathom.Models.Chat.ChatModelOptions { Name = "openai-compatible:wire-model" });

        var events = await Engines.RunAsync(Engines.ToolsOnly(model), Request(Engines.Spec(server.Url, allowed: ["lookup", "fetch"])));

        Assert.Equal(RunStatus.Completed, events.OfType<RunFinished>().Single().Status);
        var offering = wire.Requests.Where(r => r["tools"] is not null).ToList();
        Assert.NotEmpty(offering);
        var function = Assert.Single(offering[0]["tools"]!.AsArray())!["function"]!;
        Assert.Equal("lookup", function["name"]!.GetValue<string>());
        Assert.NotNull(function["parameters"]!["properties"]!["topic"]);
        Assert.Contains(wire.Requests, r => r["messages"]!.AsArray().Any(m => m!["role"]!.GetValue<string>() == "tool"
            && m["tool_call_id"]!.GetValue<string>() == "c1"
            && m["content"]!.ToJsonString().Contains("42 percent", StringComparison.Ordinal)));
        Assert.Equal(["lookup(cash)"], server.CallLog.ToolCalls);
        Assert.Contains(events.OfType<ReportWritten>().Single().References, r => r.Url == "mcp://kb/lookup?topic=cash");
    }

    [Fact]
    public async Task ToolOutsideAllowedTools_IsNeverOfferedNorCalled()
    {
        await using var server = await CorpusMcpServer.StartAsync();
        // The model asks for a tool it was not offered, and for one it was.
        var model = new ScriptedToolModel(Call("c1", "admin_reset", "why", "clean up"), Call("c2", "lookup", "topic", "burn rate"));

        var events = await Engines.RunAsync(Engines.ToolsOnly(model.Model()), Request(Engines.Spec(server.Url, allowed: ["lookup"])));

        var offered = model.Calls.Where(c => c.Stage == "round_plan" && c.Tools.Count > 0).ToList();
        Assert.NotEmpty(offered);
        Assert.All(offered, c => Assert.Equal(["lookup"], c.Tools));
        Assert.All(model.Calls.Where(c => c.Stage != "round_plan"), c => Assert.Empty(c.Tools));
        Assert.Equal(["lookup(burn rate)"], server.CallLog.ToolCalls);
        Assert.Empty(server.CallLog.Searches);
        Assert.Empty(server.CallLog.Fetches);
        Assert.DoesNotContain(events.OfType<ToolCalled>(), t => t.Tool == "admin_reset");
        Assert.Equal(RunStatus.Completed, events.OfType<RunFinished>().Single().Status);
        Assert.Contains(events.OfType<ReportWritten>().Single().References, r => r.Url == "mcp://kb/lookup?topic=burn%20rate");
    }

    [Fact]
    public async Task FailingTool_IsAnEventAndANote_TheRunCompletes()
    {
        await using var server = await CorpusMcpServer.StartAsync();
        var model = new ScriptedToolModel(Call("c1", "broken", "topic", "cash"), Call("c2", "lookup", "topic", "cash"));

        var events = await Engines.RunAsync(Engines.ToolsOnly(model.Model()), Request(Engines.Spec(server.Url, allowed: ["broken", "lookup"])));

        Assert.Equal(RunStatus.Completed, events.OfType<RunFinished>().Single().Status);
        Assert.Contains("broken(cash)", server.CallLog.ToolCalls);
        var failed = events.OfType<ToolCalled>().Single(t => t.Tool == "broken");
        Assert.True(failed.Called);
        Assert.Contains("MCP server 'kb'", failed.Error, StringComparison.Ordinal);
        Assert.Contains("'broken' call with an error", failed.Error, StringComparison.Ordinal);
        // The model was told: the tool's result it saw says the call failed.
        var results = model.Calls.SelectMany(c => c.Messages).SelectMany(m => m.Contents).OfType<FunctionResultContent>().ToList();
        Assert.Contains(results, r => r.CallId == "c1" && r.Result?.ToString()?.Contains("The call failed", StringComparison.Ordinal) == true);
        var report = events.OfType<ReportWritten>().Single();
        Assert.Contains(report.References, r => r.Url == "mcp://kb/lookup?topic=cash");
        Assert.Contains("## Notes", report.Markdown, StringComparison.Ordinal);
        Assert.Contains("'broken' call with an error", report.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerUnreachable_ToolsCannotBeListed_IsAnEventAndANote()
    {
        var url = await CorpusMcpServer.StoppedUrlAsync();
        var model = new ScriptedToolModel(Call("c1", "lookup", "topic", "cash"));

        var events = await Engines.RunAsync(Engines.ToolsOnly(model.Model()), Request(Engines.Spec(url, allowed: ["lookup"])));

        Assert.Equal(RunStatus.Completed, events.OfType<RunFinished>().Single().Status);
        var listing = events.OfType<ToolCalled>().Single();
        Assert.Equal(("kb", "tools/list", false), (listing.Server, listing.Tool, listing.Called));
        Assert.Contains("could not be reached", listing.Error, StringComparison.Ordinal);
        Assert.All(model.Calls, c => Assert.Empty(c.Tools));
        Assert.Contains("could not be reached", events.OfType<ReportWritten>().Single().Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToolCalls_AreBoundedByThePageBudget()
    {
        await using var server = await CorpusMcpServer.StartAsync();
        var model = new ScriptedToolModel(Call("c1", "lookup", "topic", "cash"), Call("c2", "lookup", "topic", "hiring"));
        var request = Request(Engines.Spec(server.Url, allowed: ["lookup"])) with { Limits = new ResearchLimits { MaxRounds = 2, PagesPerRound = 4, Concurrency = 1, PageBudget = 1 } };

        var events = await Engines.RunAsync(Engines.ToolsOnly(model.Model()), request);

        Assert.Equal(["lookup(cash)"], server.CallLog.ToolCalls);
        var refused = events.OfType<ToolCalled>().Single(t => !t.Called);
        Assert.Contains("page budget is spent", refused.Error, StringComparison.Ordinal);
        Assert.Equal(RunStatus.Completed, events.OfType<RunFinished>().Single().Status);
        Assert.Contains(events.OfType<ReportWritten>().Single().References, r => r.Url == "mcp://kb/lookup?topic=cash");
    }

    [Fact]
    public async Task ModelThatTakesNoTools_IsAskedWithoutThem_TheRunCompletes()
    {
        await using var server = await CorpusMcpServer.StartAsync();
        var model = new ScriptedToolModel(Call("c1", "lookup", "topic", "cash")) { RefusesTools = true };

        var events = await Engines.RunAsync(Engines.ToolsOnly(model.Model()), Request(Engines.Spec(server.Url, allowed: ["search", "fetch", "lookup"])));

        Assert.Equal(RunStatus.Completed, events.OfType<RunFinished>().Single().Status);
        Assert.Empty(server.CallLog.ToolCalls);
        Assert.NotEmpty(server.CallLog.Searches);
        Assert.Contains(events.OfType<ModelAnswerRejected>(), r => r.Stage == "plan_round" && r.Reason.Contains("refused the tools offered", StringComparison.Ordinal));
        // Asked once with tools; every later round plan without them.
        Assert.Single(model.Calls, c => c.Tools.Count > 0);
        Assert.Contains(model.Calls, c => c.Stage == "round_plan" && c.Tools.Count == 0);
    }

    [Fact]
    public async Task BuiltInModel_CallsNoTool()
    {
        await using var server = await CorpusMcpServer.StartAsync();

        var events = await Engines.RunAsync(Engines.ToolsOnly(), Request(Engines.Spec(server.Url, allowed: ["search", "fetch", "lookup"])));

        Assert.Equal(RunStatus.Completed, events.OfType<RunFinished>().Single().Status);
        Assert.NotEmpty(server.CallLog.Searches);
        Assert.Empty(server.CallLog.ToolCalls);
        Assert.Empty(events.OfType<ToolCalled>());
    }

    [Fact]
    public async Task ReferenceServerEcho_GuardedModel_EchoIsACitedSource()
    {
        if (EverythingServer.Unavailable is { } why)
        {
            output.WriteLine("SKIPPED: " + why);
            return;
        }

        await using var everything = await EverythingServer.StartAsync("streamableHttp");
        const string message = "Founders who ran out of money cited cash flow as the first cause of failure";
        var script = new ScriptedToolModel(Call("c1", "echo", "message", message)) { QuoteMarker = "cash flow" };

        var events = await Engines.RunAsync(
            Engines.ToolsOnly(FallbackResearchModel.Guarded(script.Model())),
            Request(Engines.Spec(everything.Url, "everything", allowed: ["echo"])));

        Assert.Equal(RunStatus.Completed, events.OfType<RunFinished>().Single().Status);
        Assert.Equal(["echo"], script.Calls.First(c => c.Tools.Count > 0).Tools);
        var called = events.OfType<ToolCalled>().Single();
        Assert.Null(called.Error);
        Assert.StartsWith("mcp://everything/echo?message=", called.Address, StringComparison.Ordinal);
        var reference = Assert.Single(events.OfType<ReportWritten>().Single().References);
        Assert.Equal(called.Address, reference.Url);
        Assert.Contains(reference.Quotes, q => q.Contains(message, StringComparison.Ordinal));
    }
}
