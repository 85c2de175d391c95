using Fathom.Events;
using Fathom.Models.Chat;
using Fathom.Models.Tests.Support;
using Fathom.Research;
using Microsoft.Extensions.AI;

namespace Fathom.Models.Tests;

/// <summary>Whole runs of the real engine with the language-model research model over documents of the shared corpus.</summary>
public sealed class EngineRunTests
{
    [Fact]
    public async Task Run_ScriptedModelOnCorpus_WritesVerifiedReportWithVerbatimQuotes()
    {
        var script = new ResearchScript();
        var library = Runs.Startups();
        var model = new ChatResearchModel(ChatModelRoles.Shared(script.Client()), new ChatModelOptions { Name = "scripted" });

        var events = await Runs.RunAsync(model, library, Runs.Request());

        var result = ResearchResult.Fold(events);
        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal(["Common reasons startups fail", "Money and market", "Lessons for founders"], result.Outline);
        var report = events.OfType<ReportWritten>().Single();
        Assert.Equal(0, report.Verification.UnresolvedDropped);
        Assert.True(report.Verification.CitedSentences >= 3, report.Markdown);
        Assert.True(report.References.Count >= 2, report.Markdown);
        foreach (var reference in report.References)
        {
            Assert.Contains($"[[{reference.Index}]]", report.Markdown, StringComparison.Ordinal);
            Assert.All(reference.Quotes, q => Assert.Contains(q, library.TextOf(reference.Url), StringComparison.Ordinal));
        }

        Assert.All(events.OfType<PageLearned>().SelectMany(p => p.Findings.Select(f => (p.Url, f.Quote))),
            f => Assert.Contains(f.Quote, library.TextOf(f.Url), StringComparison.Ordinal));
        Assert.DoesNotContain(events, e => e is ModelAnswerRejected);
        Assert.Equal("the outline is covered", events.OfType<ResearchFinished>().Single().StopReason);
        Assert.True(result.Usage.TotalTokens > 0);
    }

    [Fact]
    public async Task Run_PlannerAnswersBrokenJson_RejectsItAndTheRunGoesOn()
    {
        var script = new ResearchScript { Override = call => call.Stage is "plan" or "plan_round" ? ScriptedChatClient.Reply("{\"brief\": \"oops\", \"outline\": [}") : null };
        var library = Runs.Startups();
        var client = script.Client();

        var events = await Runs.RunAsync(new ChatResearchModel(ChatModelRoles.Shared(client)), library, Runs.Request());

        Assert.Equal(2, client.CallsOf("plan").Count());
        Assert.Contains(events, e => e is ModelAnswerRejected { Stage: "plan" } r && r.Reason.Contains("not valid JSON", StringComparison.Ordinal));
        Assert.Contains(events, e => e is ModelAnswerRejected { Stage: "plan_round" });
        Assert.Single(events.OfType<RoundStarted>());
        var report = events.OfType<ReportWritten>().Single();
        Assert.NotEmpty(report.References);
        Assert.Equal(RunStatus.Completed, events.OfType<RunFinished>().Single().Status);
    }

    [Fact]
    public async Task Run_PlannerRepeatsItsQueries_LoopGuardStopsResearch()
    {
        var script = new ResearchScript
        {
            Override = call => call.Stage != "plan_round" ? null : ScriptedChatClient.Reply(call.NumberInStage % 2 == 1
                ? """{"stop": false, "goal": "reasons", "queries": ["why startups fail", "startup failure reasons"]}"""
                : """{"stop": false, "goal": "reasons again", "queries": ["Startups: why do they fail?", "reasons for startup failure"]}"""),
        };

        var events = await Runs.RunAsync(new ChatResearchModel(ChatModelRoles.Shared(script.Client())), Runs.Startups(), Runs.Request(limits: new ResearchLimits { MaxRounds = 15, PagesPerRound = 3 }));

        Assert.Single(events.OfType<RoundStarted>());
        Assert.Contains(events, e => e is ModelAnswerRejected { Stage: "plan_round" } r && r.Reason.Contains("loop guard", StringComparison.Ordinal));
        Assert.Contains("loop guard", events.OfType<ResearchFinished>().Single().StopReason, StringComparison.Ordinal);
        Assert.NotEmpty(events.OfType<ReportWritten>().Single().References);
    }

    [Fact]
    public async Task Run_PlannerNeverStopsAndFindsNothing_LoopGuardStopsAfterBarrenRounds()
    {
        var script = new ResearchScript
        {
            Override = call => call.Stage != "plan_round" || call.NumberInStage == 1 ? null
                : ScriptedChatClient.Reply($$"""{"stop": false, "goal": "more", "queries": ["zebra{{call.NumberInStage}} quasar{{call.NumberInStage}} tundra{{call.NumberInStage}}"]}"""),
        };
        var client = script.Client();

        var events = await Runs.RunAsync(new ChatResearchModel(ChatModelRoles.Shared(client)), Runs.Startups(), Runs.Request(limits: new ResearchLimits { MaxRounds = 15, PagesPerRound = 3 }));

        Assert.Equal(3, events.OfType<RoundStarted>().Count());
        Assert.Contains("nothing new", events.OfType<ResearchFinished>().Single().StopReason, StringComparison.Ordinal);
        Assert.Equal(3, client.CallsOf("plan_round").Count());
        Assert.NotEmpty(events.OfType<ReportWritten>().Single().References);
    }

    [Fact]
    public async Task Run_TokenBudgetTooSmallForTheResearch_StopsWithinItAndStillWritesACitedReport()
    {
        const long Budget = 30_000;
        var script = new ResearchScript();
        var client = new ScriptedChatClient(call =>
        {
            // Report what a real tokenizer would: about four characters a token, plus the answer.
            var response = script.Respond(call);
            var input = call.Messages.Sum(m => m.Text.Length) / 4;
            response.Usage = new UsageDetails { InputTokenCount = input, OutputTokenCount = response.Text.Length / 4 };
            return response;
        })
        { Latency = TimeSpan.FromMilliseconds(40) };
        var limits = new ResearchLimits { MaxRounds = 5, PagesPerRound = 8, Concurrency = 4, TokenBudget = Budget };

        var events = await Runs.RunAsync(new ChatResearchModel(ChatModelRoles.Shared(client)), Runs.Startups(), Runs.Request(limits: limits));

        var result = ResearchResult.Fold(events);
        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Contains(LimitKind.TokenBudget, result.LimitsHit);
        Assert.Contains(events, e => e is LimitReached { Limit: LimitKind.TokenBudget });
        Assert.InRange(result.Usage.TotalTokens, 1, Budget);
        Assert.True(client.CallsOf("learn").Count() < events.OfType<SourcesFound>().Sum(s => s.Sources.Count), "some pages must be read without the model");
        Assert.Single(client.CallsOf("write"));
        var report = events.OfType<ReportWritten>().Single();
        Assert.NotEmpty(report.References);
        Assert.Contains("[[", report.Markdown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("planner", LimitKind.TokenBudget)]
    [InlineData("reader", LimitKind.TokenBudget)]
    [InlineData("writer", LimitKind.TokenBudget)]
    [InlineData("planner", LimitKind.CostBudget)]
    [InlineData("reader", LimitKind.CostBudget)]
    [InlineData("writer", LimitKind.CostBudget)]
    public async Task Run_BudgetExceededInOneRole_StopsTheRunWithThatLimit(string role, LimitKind limit)
    {
        // Every role has its own client; only the one under test spends far more than the budget.
        var script = new ResearchScript();
        ScriptedChatClient Client(string name) => new(call =>
        {
            var response = script.Respond(call);
            if (name == role)
            {
                response.Usage = new UsageDetails { InputTokenCount = 1_500_000, OutputTokenCount = 500_000 };
            }

            return response;
        });
        var (planner, reader, writer) = (Client("planner"), Client("reader"), Client("writer"));
        var options = new ChatModelOptions { Prices = PriceTable.Parse($"{ScriptedChatClient.ModelId}=1/1") };
        var limits = limit == LimitKind.TokenBudget
            ? new ResearchLimits { MaxRounds = 3, PagesPerRound = 3, Concurrency = 1, TokenBudget = 1_000_000 }
            : new ResearchLimits { MaxRounds = 3, PagesPerRound = 3, Concurrency = 1, CostBudget = 1m };

        var events = await Runs.RunAsync(new ChatResearchModel(new ChatModelRoles(planner, reader, writer), options), Runs.Startups(), Runs.Request(limits: limits));

        var reached = Assert.Single(events.OfType<LimitReached>());
        Assert.Equal(limit, reached.Limit);
        Assert.Equal(RunStatus.Completed, events.OfType<RunFinished>().Single().Status);
        Assert.Single(events.OfType<ReportWritten>());
        if (role != "writer")
        {
            Assert.Equal(LimitMessages.Name(limit), events.OfType<ResearchFinished>().Single().StopReason);
            Assert.True(writer.CallsOf("write").Count() <= 1);
        }
    }

    [Fact]
    public async Task Run_MoneyBudget_StopsWithinItAndStillLetsTheModelWrite()
    {
        const decimal Budget = 0.15m;
        var script = new ResearchScript();
        var client = new ScriptedChatClient(call =>
        {
            var response = script.Respond(call);
            response.Usage = new UsageDetails { InputTokenCount = call.Messages.Sum(m => m.Text.Length) / 4, OutputTokenCount = response.Text.Length / 4 };
            return response;
        })
        { Latency = TimeSpan.FromMilliseconds(20) };
        var options = new ChatModelOptions { Prices = PriceTable.Parse($"{ScriptedChatClient.ModelId}=3/15") };
        var limits = new ResearchLimits { MaxRounds = 5, PagesPerRound = 8, CostBudget = Budget };

        var events = await Runs.RunAsync(new ChatResearchModel(ChatModelRoles.Shared(client), options), Runs.Startups(), Runs.Request(limits: limits));

        var result = ResearchResult.Fold(events);
        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Contains(LimitKind.CostBudget, result.LimitsHit);
        Assert.InRange(result.Usage.Cost, 0.001m, Budget);
        Assert.Single(client.CallsOf("write"));
        Assert.NotEmpty(events.OfType<ReportWritten>().Single().References);
    }

    [Fact]
    public async Task Run_ReaderProviderIn429Storm_StillWritesACitedReport()
    {
        var script = new ResearchScript
        {
            Override = call => call.Stage == "learn" ? throw new HttpRequestException("rate limited", null, System.Net.HttpStatusCode.TooManyRequests) : null,
        };

        var events = await Runs.RunAsync(new ChatResearchModel(ChatModelRoles.Shared(script.Client())), Runs.Startups(), Runs.Request());

        Assert.Contains(events, e => e is ModelAnswerRejected { Stage: "learn" } r && r.Reason.Contains("HTTP 429", StringComparison.Ordinal));
        var report = events.OfType<ReportWritten>().Single();
        Assert.NotEmpty(report.References);
        Assert.Equal(RunStatus.Completed, events.OfType<RunFinished>().Single().Status);
    }

    [Fact]
    public async Task Run_EachRoleUsesItsOwnClient()
    {
        var script = new ResearchScript();
        var planner = script.Client();
        var reader = script.Client();
        var writer = script.Client();

        await Runs.RunAsync(new ChatResearchModel(new ChatModelRoles(planner, reader, writer)), Runs.Startups(), Runs.Request());

        Assert.Equal(["plan", "plan_round"], planner.Calls.Select(c => c.Stage).Distinct());
        Assert.Equal(["learn"], reader.Calls.Select(c => c.Stage).Distinct());
        Assert.Equal(["write"], writer.Calls.Select(c => c.Stage).Distinct());
    }
}
