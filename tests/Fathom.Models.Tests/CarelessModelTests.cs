using System.Text.RegularExpressions;
using Fathom.CarelessModel;
using Fathom.Events;
using Fathom.Models.Chat;
using Fathom.Models.Providers;
using Fathom.Models.Tests.Support;
using Fathom.Research;
using Microsoft.Extensions.AI;

namespace Fathom.Models.Tests;

/// <summary>
/// Whole runs through the language-model path against a careless model: a loopback server that
/// thinks out loud, fences and cuts its JSON, copies its prompt, rewords quotes, shuffles and
/// stitches sentences, cites sources that do not exist, and fails on the wire. The report must
/// still be sound, and no worse than the built-in model's.
/// </summary>
public sealed partial class CarelessModelTests
{
    [GeneratedRegex(@"\[\[(\d+(?:\s*,\s*\d+)*)\]\]")]
    private static partial Regex Marker();

    [Theory]
    [InlineData(3)]
    [InlineData(11)]
    public async Task Run_AgainstACarelessModel_WritesASoundReport(int seed)
    {
        await using var server = await CarelessModelServer.StartAsync(new Carelessness { Seed = seed, Transport = 0.3 });
        var library = Runs.Startups();

        var events = await Runs.RunAsync(Guarded(server), library, Runs.Request());

        Assert.Equal(RunStatus.Completed, ResearchResult.Fold(events).Status);
        var report = events.OfType<ReportWritten>().Single();
        var body = report.Markdown.Split("\n## References")[0];
        Assert.True(Text.Words.Count(body) >= 200, $"the report has {Text.Words.Count(body)} words");
        var indexes = report.References.Select(r => r.Index).ToHashSet();
        Assert.All(Marker().Matches(body).SelectMany(m => m.Groups[1].Value.Split(',')), n => Assert.Contains(int.Parse(n.Trim()), indexes));
        Assert.All(report.References, r => Assert.All(r.Quotes, q => Assert.Contains(q, library.TextOf(r.Url), StringComparison.Ordinal)));
        Assert.DoesNotContain("<think>", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("```", body, StringComparison.Ordinal);
        Assert.DoesNotContain(events.OfType<ModelAnswerRejected>(), r => r.Reason.Contains("copying content", StringComparison.OrdinalIgnoreCase));
        Assert.NotEmpty(server.Faults);
    }

    [Fact]
    public async Task ModelCopyingItsInstructionsIntoQueries_RoundUsesTheBuiltInModelsQueries()
    {
        string[] copied = ["short keyword queries, each different from every", "You are the research lead of"];
        var script = new ResearchScript
        {
            Override = call => call.Stage == "plan_round" && call.NumberInStage == 1
                ? ScriptedChatClient.Reply(System.Text.Json.JsonSerializer.Serialize(new { stop = false, stop_reason = "", goal = "one sentence: the gap it closes", queries = copied }))
                : null,
        };
        var model = FallbackResearchModel.Guarded(new ChatResearchModel(ChatModelRoles.Shared(script.Client())));

        var events = await Runs.RunAsync(model, Runs.Startups(), Runs.Request());

        var first = events.OfType<RoundStarted>().First();
        Assert.DoesNotContain(first.Queries, q => copied.Contains(q));
        Assert.Equal("why startups fail", first.Queries[0]);
        Assert.DoesNotContain("gap it closes", first.Goal, StringComparison.Ordinal);
        var why = Assert.Single(events.OfType<ModelAnswerRejected>(), r => r.Stage == "plan_round" && r.Reason.Contains("repeats the prompt's instructions", StringComparison.Ordinal));
        Assert.Contains("the round uses the built-in model's queries", why.Reason, StringComparison.Ordinal);
    }

    private static FallbackResearchModel Guarded(CarelessModelServer server)
    {
        IChatClient client = new ChatClientFactory().Create(
            $"openai-compatible:careless-1b@{server.BaseAddress}",
            new ModelProviderOptions { Retry = new RetryOptions { BaseDelay = TimeSpan.FromMilliseconds(5) } });
        return FallbackResearchModel.Guarded(new ChatResearchModel(ChatModelRoles.Shared(client), new ChatModelOptions { Name = "openai-compatible:careless-1b" }));
    }
}
