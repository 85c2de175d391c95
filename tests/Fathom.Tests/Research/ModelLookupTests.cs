using Fathom.Events;
using Fathom.Models.Extractive;
using Fathom.Reading;
using Fathom.Research;
using Fathom.Search;
using Fathom.Tests.Support;

namespace Fathom.Tests.Research;

/// <summary>The model searches and reads only through the run: every look is an event, counts against the limits, and no page is fetched twice.</summary>
public sealed class ModelLookupTests
{
    private const string Question = "Why do lithium batteries lose capacity?";

    private static readonly ReadPage[] Pages = [.. Enumerable.Range(0, 24).Select(i => new ReadPage(
        $"https://s{i}.example/",
        $"Study {i}",
        $"Study {i} found that lithium batteries lose capacity after {(i * 50) + 100} cycles at {i + 20} degrees. "
        + $"The solid electrolyte interphase grows on the anode in cells from maker {i % 5} and traps lithium. "
        + $"Fast charging above {80 + (i % 20)} percent causes lithium plating, a {(i % 3 == 0 ? "cathode cracking" : "separator ageing")} effect in batteries."))];

    [Fact]
    public async Task ExtractiveRun_SearchesWhilePlanning_AppearAsEventsAndCountAgainstTheQueryBudget()
    {
        var corpus = new InMemoryCorpus(Pages);
        var engine = new ResearchEngine(new ExtractiveResearchModel(), [corpus], corpus);

        var unlimited = await RunAsync(engine, new ResearchLimits { MaxRounds = 4 });
        var surveys = unlimited.OfType<ModelSearched>().ToList();
        Assert.Contains(surveys, s => s.Round == 0 && s.Query == Question);
        Assert.Contains(surveys, s => s.Round >= 2); // the probes of the feedback terms
        Assert.Equal(corpus.Searches, surveys.Count + unlimited.OfType<RoundStarted>().Sum(r => r.Queries.Count));

        corpus = new InMemoryCorpus(Pages);
        engine = new ResearchEngine(new ExtractiveResearchModel(), [corpus], corpus);
        var budget = surveys.Count(s => s.Round == 0) + 2;
        var limited = await RunAsync(engine, new ResearchLimits { MaxRounds = 4, QueryBudget = budget });

        Assert.Equal(budget, corpus.Searches);
        var limit = Assert.Single(limited.OfType<LimitReached>());
        Assert.Equal(LimitKind.QueryBudget, limit.Limit);
        Assert.Equal("query_budget", limited.OfType<ResearchFinished>().Single().StopReason);
        Assert.Equal(RunStatus.Completed, limited.OfType<RunFinished>().Single().Status);
        Assert.NotEmpty(limited.OfType<ReportWritten>().Single().References);
    }

    [Fact]
    public async Task ExtractiveRun_PageReadWhilePlanning_IsNotFetchedAgainInRoundOne()
    {
        var corpus = new CountingReader(new InMemoryCorpus(Pages));
        var engine = new ResearchEngine(new ExtractiveResearchModel(), [corpus.Corpus], corpus);

        var events = await RunAsync(engine, new ResearchLimits { MaxRounds = 2 });

        var readWhilePlanning = events.OfType<ModelRead>().Where(r => r.Round == 0).Select(r => r.Url).ToList();
        var learnedInRoundOne = events.OfType<PageLearned>().Where(p => p.Round == 1).Select(p => p.Url).ToList();
        Assert.NotEmpty(readWhilePlanning);
        Assert.NotEmpty(readWhilePlanning.Intersect(learnedInRoundOne));
        Assert.All(corpus.Reads, r => Assert.Equal(1, r.Value));
        Assert.Equal(readWhilePlanning.Count + events.OfType<PageLearned>().Count(p => !readWhilePlanning.Contains(p.Url)), corpus.Reads.Count);
    }

    [Fact]
    public async Task ExtractiveRun_PageBudget_CountsThePagesReadWhilePlanning()
    {
        var unlimited = new CountingReader(new InMemoryCorpus(Pages));
        var all = await RunAsync(new ResearchEngine(new ExtractiveResearchModel(), [unlimited.Corpus], unlimited), new ResearchLimits { MaxRounds = 3 });
        var planning = all.OfType<ModelRead>().Count(r => r.Round == 0);
        Assert.True(unlimited.Reads.Count > planning + 1, "the rounds read pages beyond those read while planning");

        var corpus = new CountingReader(new InMemoryCorpus(Pages));
        var events = await RunAsync(new ResearchEngine(new ExtractiveResearchModel(), [corpus.Corpus], corpus), new ResearchLimits { MaxRounds = 3, PageBudget = planning + 1 });

        Assert.Equal(planning + 1, corpus.Reads.Count);
        Assert.Equal(LimitKind.PageBudget, Assert.Single(events.OfType<LimitReached>()).Limit);
        Assert.Contains(events.OfType<PageSkipped>(), p => p.Reason == "not read: the page budget is spent");
    }

    private static async Task<List<ResearchEvent>> RunAsync(ResearchEngine engine, ResearchLimits limits)
    {
        var events = new List<ResearchEvent>();
        await foreach (var e in engine.RunAsync(new ResearchRequest { Question = Question, AllowClarification = false, Limits = limits }))
        {
            events.Add(e);
        }

        return events;
    }

    private sealed class CountingReader(InMemoryCorpus corpus) : IPageReader
    {
        public InMemoryCorpus Corpus => corpus;

        public System.Collections.Concurrent.ConcurrentDictionary<string, int> Reads { get; } = new(StringComparer.Ordinal);

        public Task<ReadPage?> ReadAsync(SearchHit hit, CancellationToken cancellationToken)
        {
            Reads.AddOrUpdate(hit.Url, 1, (_, n) => n + 1);
            return corpus.ReadAsync(hit, cancellationToken);
        }
    }
}
