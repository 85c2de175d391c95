using Fathom.Events;
using Fathom.Reading;
using Fathom.Research;
using Fathom.Research.Support;
using Fathom.Search;
using Fathom.Search.Local;
using Fathom.Tests.Support;

namespace Fathom.Tests.Research;

/// <summary>
/// A run with no usable source finishes with a report that says why (searches failed, pages
/// refused, an empty index), without asking the model to write from nothing; a run whose pages were
/// read but were off the question is not such a run.
/// </summary>
public sealed class UnusableSourcesTests
{
    private static readonly ReadPage Tides = new("https://tides.example/moon", "Tides", "The Moon's gravity raises the tides in the oceans twice a day.");

    private static async Task<(ReportWritten Report, RunFinished Finished, bool Wrote)> RunAsync(ISearchProvider provider, IPageReader reader)
    {
        var wrote = false;
        var model = new ScriptedResearchModel
        {
            Write = _ =>
            {
                wrote = true;
                return new DraftReport("# R\n\nNothing.");
            },
        };
        var events = new List<ResearchEvent>();
        await foreach (var e in new ResearchEngine(model, [provider], reader).RunAsync(new ResearchRequest { Question = "What raises the tides?", AllowClarification = false }, "run-1"))
        {
            events.Add(e);
        }

        Assert.Equal(events.OfType<ReportWritten>().Single().Markdown.Contains(UnusableSources.Verdict, StringComparison.Ordinal), UnusableSources.Diagnose(events) is not null);
        return (events.OfType<ReportWritten>().Single(), events.OfType<RunFinished>().Single(), wrote);
    }

    [Fact]
    public async Task EverySearchFailing_IsSaidWithTheProvidersReason()
    {
        var corpus = new InMemoryCorpus([Tides], "brave") { Fail = _ => new SearchProviderException("brave", "401 Unauthorized: check BRAVE_API_KEY") };

        var (report, finished, wrote) = await RunAsync(corpus, corpus);

        Assert.Equal(RunStatus.Completed, finished.Status);
        Assert.False(wrote);
        Assert.False(report.AddressesQuestion);
        Assert.Contains(UnusableSources.Verdict, report.Markdown, StringComparison.Ordinal);
        Assert.Contains("failed", report.Markdown, StringComparison.Ordinal);
        Assert.Contains("brave: 401 Unauthorized: check BRAVE_API_KEY", report.Markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("brave: brave:", report.Markdown, StringComparison.Ordinal);
        Assert.Empty(report.References);
    }

    [Fact]
    public async Task EveryPageRefused_IsSaidWithTheReason()
    {
        var corpus = new InMemoryCorpus([Tides]);

        var (report, _, wrote) = await RunAsync(corpus, new RefusingReader("refused: tides.example resolves to a private address"));

        Assert.False(wrote);
        Assert.Contains("1 page was found and none could be read", report.Markdown, StringComparison.Ordinal);
        Assert.Contains("refused: tides.example resolves to a private address", report.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEmptyIndex_IsNamedInTheReport()
    {
        using var dir = new TempDirectory();
        using var index = LocalIndex.Open(dir.File("empty.db"));

        var (report, _, wrote) = await RunAsync(new LocalSearchProvider(index), new LocalPageReader(index));

        Assert.False(wrote);
        Assert.Contains("holds no documents", report.Markdown, StringComparison.Ordinal);
        Assert.Contains(dir.File("empty.db"), report.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PagesReadButOffTheQuestion_AreNotCalledUnusable()
    {
        var corpus = new InMemoryCorpus([Tides]);
        var wrote = false;
        var model = new ScriptedResearchModel
        {
            Learn = (_, _, _) => PageLearning.Nothing,
            Write = _ =>
            {
                wrote = true;
                return new DraftReport("# R\n\nThe sources do not address it.", AddressesQuestion: false);
            },
        };
        var events = new List<ResearchEvent>();
        await foreach (var e in new ResearchEngine(model, [corpus], corpus).RunAsync(new ResearchRequest { Question = "What raises the tides?", AllowClarification = false }, "run-2"))
        {
            events.Add(e);
        }

        Assert.True(wrote);
        Assert.Null(UnusableSources.Diagnose(events));
        Assert.DoesNotContain(UnusableSources.Verdict, events.OfType<ReportWritten>().Single().Markdown, StringComparison.Ordinal);
    }

    private sealed class RefusingReader(string reason) : IPageReader
    {
        public Task<ReadPage?> ReadAsync(SearchHit hit, CancellationToken cancellationToken) => throw new PageReadException(reason);
    }
}
