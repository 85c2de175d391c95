using Fathom.Events;
using Fathom.Models;
using Fathom.Reading;
using Fathom.Research;
using Fathom.Tests.Support;

namespace Fathom.Tests.Research;

public sealed class ResearchEngineTests
{
    private static readonly ReadPage[] Pages =
    [
        new("https://a.example/solar", "Solar power", "Solar panels convert sunlight into electricity. Panel prices fell sharply over the last decade. Unrelated sentence here."),
        new("https://b.example/wind", "Wind power", "Wind turbines convert moving air into electricity. Offshore wind farms produce steadier power."),
        new("https://c.example/cats", "Cats", "Cats sleep most of the day."),
    ];

    private static ResearchRequest Request(string question = "How do solar panels and wind turbines make electricity?") =>
        new() { Question = question, AllowClarification = false };

    private static async Task<List<ResearchEvent>> Collect(IAsyncEnumerable<ResearchEvent> events)
    {
        var list = new List<ResearchEvent>();
        await foreach (var e in events)
        {
            list.Add(e);
        }

        return list;
    }

    [Fact]
    public async Task Run_CompletesWithGapFreeSequenceAndVerifiedReport()
    {
        var corpus = new InMemoryCorpus(Pages);
        var engine = new ResearchEngine(new ScriptedResearchModel(), [corpus], corpus);

        var events = await Collect(engine.RunAsync(Request(), "run-1"));

        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.All(events, e => Assert.Equal("run-1", e.RunId));
        Assert.IsType<RunStarted>(events[0]);
        Assert.Equal(RunStatus.Completed, Assert.IsType<RunFinished>(events[^1]).Status);
        var result = ResearchResult.Fold(events);
        Assert.Contains("[[", result.Report, StringComparison.Ordinal);
        Assert.NotEmpty(result.References);
        foreach (var reference in result.References)
        {
            var page = Pages.Single(p => p.Url == reference.Url);
            Assert.All(reference.Quotes, q => Assert.Contains(q, page.Text, StringComparison.Ordinal));
        }

        Assert.DoesNotContain(result.References, r => r.Url.Contains("cats", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_EventsFollowThePhaseOrder()
    {
        var corpus = new InMemoryCorpus(Pages);
        var engine = new ResearchEngine(new ScriptedResearchModel(), [corpus], corpus);

        var types = (await Collect(engine.RunAsync(Request()))).Select(e => e.GetType()).ToList();

        Assert.True(types.IndexOf(typeof(PlanCreated)) < types.IndexOf(typeof(RoundStarted)));
        Assert.True(types.IndexOf(typeof(RoundStarted)) < types.IndexOf(typeof(SourcesFound)));
        Assert.True(types.IndexOf(typeof(SourcesFound)) < types.IndexOf(typeof(PageLearned)));
        Assert.True(types.LastIndexOf(typeof(RoundFinished)) < types.IndexOf(typeof(ResearchFinished)));
        Assert.True(types.IndexOf(typeof(ResearchFinished)) < types.IndexOf(typeof(ReportWritten)));
    }

    [Fact]
    public async Task Run_ClarificationNeeded_StopsWithQuestions()
    {
        var corpus = new InMemoryCorpus(Pages);
        var model = new ScriptedResearchModel { Clarify = _ => new Clarification("Before I start:", ["Which country?", "Which years?"]) };
        var engine = new ResearchEngine(model, [corpus], corpus);

        var events = await Collect(engine.RunAsync(Request() with { AllowClarification = true }));

        Assert.Equal(["Which country?", "Which years?"], Assert.Single(events.OfType<ClarificationRequested>()).Questions);
        Assert.Equal(RunStatus.NeedsClarification, Assert.IsType<RunFinished>(events[^1]).Status);
        Assert.Empty(events.OfType<RoundStarted>());
    }

    [Fact]
    public async Task Run_WithClarificationAnswer_SkipsClarifying()
    {
        var corpus = new InMemoryCorpus(Pages);
        var model = new ScriptedResearchModel { Clarify = _ => throw new InvalidOperationException("must not be asked") };
        var engine = new ResearchEngine(model, [corpus], corpus);

        var events = await Collect(engine.RunAsync(Request() with { AllowClarification = true, ClarificationAnswer = "Europe" }));

        Assert.Equal(RunStatus.Completed, Assert.IsType<RunFinished>(events[^1]).Status);
    }

    [Fact]
    public async Task Run_SearchProviderFails_EmitsEventAndContinues()
    {
        var good = new InMemoryCorpus(Pages, "good");
        var bad = new InMemoryCorpus(Pages, "bad") { Fail = _ => new HttpRequestException("503 Service Unavailable") };
        var engine = new ResearchEngine(new ScriptedResearchModel(), [bad, good], good);

        var events = await Collect(engine.RunAsync(Request()));

        var failure = events.OfType<SearchFailed>().First();
        Assert.Equal("bad", failure.Provider);
        Assert.Contains("503", failure.Reason, StringComparison.Ordinal);
        Assert.Equal(RunStatus.Completed, Assert.IsType<RunFinished>(events[^1]).Status);
        Assert.NotEmpty(ResearchResult.Fold(events).References);
    }

    [Fact]
    public async Task Run_TokenBudgetReached_StopsResearchAndStillWritesReport()
    {
        var corpus = new InMemoryCorpus(Pages);
        var model = new ScriptedResearchModel
        {
            CostPerCall = (400, 100),
            PlanRound = (c, round) => new RoundPlan($"goal {round}", [$"solar wind electricity {round}"]),
        };
        var engine = new ResearchEngine(model, [corpus], corpus);

        var events = await Collect(engine.RunAsync(Request() with { Limits = new ResearchLimits { TokenBudget = 2_000, MaxRounds = 15 } }));

        var limit = Assert.Single(events.OfType<LimitReached>(), l => l.Limit == LimitKind.TokenBudget);
        Assert.Contains("2000", limit.Detail, StringComparison.Ordinal);
        Assert.True(events.OfType<RoundStarted>().Count() < 15);
        Assert.Contains(LimitKind.TokenBudget, ResearchResult.Fold(events).LimitsHit);
        Assert.Equal(RunStatus.Completed, Assert.IsType<RunFinished>(events[^1]).Status);
        Assert.Single(events.OfType<ReportWritten>());
    }

    [Fact]
    public async Task Run_MaxRoundsReached_SaysWhichLimit()
    {
        var corpus = new InMemoryCorpus(Pages);
        var model = new ScriptedResearchModel { PlanRound = (c, round) => new RoundPlan("more", [$"electricity round {round}"]) };
        var engine = new ResearchEngine(model, [corpus], corpus);

        var events = await Collect(engine.RunAsync(Request() with { Limits = new ResearchLimits { MaxRounds = 2 } }));

        Assert.Equal(2, events.OfType<RoundStarted>().Count());
        Assert.Contains(events.OfType<LimitReached>(), l => l.Limit == LimitKind.Rounds);
        Assert.Equal("rounds", Assert.Single(events.OfType<ResearchFinished>()).StopReason);
    }

    [Fact]
    public async Task Run_RepeatedQueries_AreNotSearchedTwice()
    {
        var corpus = new InMemoryCorpus(Pages);
        var model = new ScriptedResearchModel { PlanRound = (c, round) => new RoundPlan("same", ["solar electricity", "Solar  electricity"]) };
        var engine = new ResearchEngine(model, [corpus], corpus);

        var events = await Collect(engine.RunAsync(Request()));

        Assert.Equal(["solar electricity"], Assert.Single(events.OfType<RoundStarted>()).Queries);
        Assert.Equal("no new queries", Assert.Single(events.OfType<ResearchFinished>()).StopReason);
    }

    [Fact]
    public async Task Run_Cancelled_EndsWithCancelledAndKeepsEvents()
    {
        var corpus = new InMemoryCorpus(Pages);
        using var cts = new CancellationTokenSource();
        var model = new ScriptedResearchModel
        {
            Learn = (c, page, card) =>
            {
                cts.Cancel();
                return new PageLearning("", []);
            },
        };
        var engine = new ResearchEngine(model, [corpus], corpus);

        var events = await Collect(engine.RunAsync(Request(), cancellationToken: cts.Token));

        Assert.Equal(RunStatus.Cancelled, Assert.IsType<RunFinished>(events[^1]).Status);
        Assert.Contains(events, e => e is RoundStarted);
    }

    [Fact]
    public async Task Run_ModelFault_EndsWithFailedAndTheMessage()
    {
        var corpus = new InMemoryCorpus(Pages);
        var model = new ScriptedResearchModel { Plan = _ => throw new InvalidOperationException("planner exploded") };
        var engine = new ResearchEngine(model, [corpus], corpus);

        var events = await Collect(engine.RunAsync(Request()));

        var finished = Assert.IsType<RunFinished>(events[^1]);
        Assert.Equal(RunStatus.Failed, finished.Status);
        Assert.Equal("planner exploded", finished.Error);
    }

    [Fact]
    public async Task Resume_FromInterruptedRound_ContinuesWithoutRepeatingOrLosingEvents()
    {
        var corpus = new InMemoryCorpus(Pages);
        var full = await Collect(new ResearchEngine(new ScriptedResearchModel(), [corpus], corpus).RunAsync(Request(), "r"));
        var cut = full.FindIndex(e => e is PageLearned) + 1;
        var history = full.Take(cut).ToList();

        var resumed = await Collect(new ResearchEngine(new ScriptedResearchModel(), [corpus], corpus).RunAsync(Request(), "r", history));

        var all = history.Concat(resumed).ToList();
        Assert.Equal(Enumerable.Range(1, all.Count).Select(i => (long)i), all.Select(e => e.Sequence));
        Assert.True(Assert.IsType<RunStarted>(resumed[0]).Resumed);
        Assert.Equal(RunStatus.Completed, Assert.IsType<RunFinished>(all[^1]).Status);
        var learned = all.OfType<PageLearned>().Select(p => p.SourceNumber).ToList();
        Assert.Equal(learned.Distinct().Count(), learned.Count);
        Assert.Equal(full.OfType<PageLearned>().Select(p => p.SourceNumber).Order(), learned.Order());
        Assert.Equal(full.OfType<RoundStarted>().Count(), all.OfType<RoundStarted>().Count());
        Assert.Equal(ResearchResult.Fold(full).References.Select(r => r.Url), ResearchResult.Fold(all).References.Select(r => r.Url));
    }

    [Fact]
    public async Task Resume_OfCompletedRun_EmitsNothing()
    {
        var corpus = new InMemoryCorpus(Pages);
        var engine = new ResearchEngine(new ScriptedResearchModel(), [corpus], corpus);
        var full = await Collect(engine.RunAsync(Request(), "r"));

        var again = await Collect(engine.RunAsync(Request(), "r", full));

        Assert.Empty(again);
    }

    [Fact]
    public async Task Run_ReaderStopsEarly_StopsTheRun()
    {
        var corpus = new InMemoryCorpus(Pages);
        var model = new ScriptedResearchModel { PlanRound = (c, round) => new RoundPlan("more", [$"electricity round {round}"]) };
        var engine = new ResearchEngine(model, [corpus], corpus);

        await foreach (var e in engine.RunAsync(Request() with { Limits = new ResearchLimits { MaxRounds = 15 } }))
        {
            if (e is RoundStarted)
            {
                break;
            }
        }

        var searches = corpus.Searches;
        await Task.Delay(100);
        Assert.Equal(searches, corpus.Searches);
    }

    [Fact]
    public void Limits_OutOfRange_NameEveryProblem()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ResearchLimits { MaxRounds = 16, Concurrency = 0 }.Validate());

        Assert.Contains("rounds must be between 1 and 15 (got 16)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("concurrency", ex.Message, StringComparison.Ordinal);
    }
}

public sealed class ResearchDeadlineTests
{
    [Fact]
    public async Task Run_DeadlinePassesMidResearch_StopsAndStillWritesReport()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        ReadPage[] pages =
        [
            new("https://a.example/1", "One", "Tidal energy uses the rise and fall of the sea."),
            new("https://a.example/2", "Two", "Tidal energy plants exist in France and Korea."),
        ];
        var corpus = new InMemoryCorpus(pages);
        var model = new ScriptedResearchModel
        {
            PlanRound = (c, round) => new RoundPlan("more", [$"tidal energy {round}"]),
            Learn = (c, page, card) =>
            {
                time.Advance(TimeSpan.FromMinutes(10));
                return new PageLearning("s", [new Fathom.Sources.Finding(card.Number, page.Text, page.Text)]);
            },
        };
        var engine = new ResearchEngine(model, [corpus], corpus, time);
        var request = new ResearchRequest { Question = "What is tidal energy?", AllowClarification = false, Limits = new ResearchLimits { Deadline = TimeSpan.FromMinutes(5), MaxRounds = 15 } };

        var events = new List<Fathom.Events.ResearchEvent>();
        await foreach (var e in engine.RunAsync(request))
        {
            events.Add(e);
        }

        Assert.Contains(events.OfType<Fathom.Events.LimitReached>(), l => l.Limit == LimitKind.Deadline);
        Assert.Equal("deadline", Assert.Single(events.OfType<Fathom.Events.ResearchFinished>()).StopReason);
        Assert.Equal(Fathom.Events.RunStatus.Completed, Assert.IsType<Fathom.Events.RunFinished>(events[^1]).Status);
        Assert.Single(events.OfType<Fathom.Events.ReportWritten>());
    }
}
