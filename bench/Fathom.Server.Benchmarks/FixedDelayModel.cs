using Fathom.Models;
using Fathom.Reading;
using Fathom.Research;
using Fathom.Search;
using Fathom.Sources;

namespace Fathom.Server.Benchmarks;

/// <summary>A scripted model that answers every call after a fixed delay, as a remote model would, and a small corpus to research.</summary>
internal sealed class FixedDelayModel(TimeSpan delay, int rounds) : IResearchModel
{
    public ModelInfo Info { get; } = new("fixed-delay", IsLanguageModel: false);

    public async Task<StageResult<Clarification>> ClarifyAsync(RunSnapshot run, CancellationToken cancellationToken)
    {
        await Answer(run, cancellationToken);
        return StageResult.Of(Clarification.None);
    }

    public async Task<StageResult<ResearchPlan>> PlanAsync(RunSnapshot run, CancellationToken cancellationToken)
    {
        await Answer(run, cancellationToken);
        return StageResult.Of(new ResearchPlan("A plan for the question, with a brief long enough to look like one.", ["Background", "Evidence", "Outlook"]));
    }

    public async Task<StageResult<RoundPlan>> PlanRoundAsync(RunSnapshot run, int round, CancellationToken cancellationToken)
    {
        await Answer(run, cancellationToken);
        return StageResult.Of(round > rounds ? RoundPlan.Stop("done") : new RoundPlan($"Goal of round {round}.", [$"topic {round} first", $"topic {round} second"]));
    }

    public async Task<StageResult<PageLearning>> LearnAsync(RunSnapshot run, ReadPage page, SourceCard source, CancellationToken cancellationToken)
    {
        await Answer(run, cancellationToken);
        var quote = page.Text[..page.Text.IndexOf('.', StringComparison.Ordinal)];
        return StageResult.Of(new PageLearning($"What page {source.Number} says.", [new Finding(source.Number, quote, quote, 0.9, 0)]));
    }

    public async Task<StageResult<DraftReport>> WriteAsync(RunSnapshot run, CancellationToken cancellationToken)
    {
        await Answer(run, cancellationToken);
        var body = string.Join("\n\n", run.Findings.Select(f => $"{f.Quote} [[{f.SourceNumber}]]."));
        return StageResult.Of(new DraftReport($"# Report\n\n## Findings\n\n{body}\n"));
    }

    private async Task Answer(RunSnapshot run, CancellationToken cancellationToken)
    {
        await Task.Delay(delay, cancellationToken);
        run.Budget.Record(new TokenUsage(500, 100));
    }
}

/// <summary>Twenty short documents; every query finds some.</summary>
internal sealed class TinyCorpus : ISearchProvider, IPageReader
{
    private static readonly (string Url, string Title, string Text)[] Documents =
        [.. Enumerable.Range(1, 20).Select(i => ($"https://corpus.example/{i}", $"Document {i}", $"Document {i} states fact number {i} about topic {i % 4}. It adds more words after that."))];

    public string Name => "tiny";

    public Task<IReadOnlyList<SearchHit>> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        var seed = query.Text.Sum(c => c) % 20;
        IReadOnlyList<SearchHit> hits = [.. Enumerable.Range(0, 5).Select(k => Documents[(seed + k) % 20]).Select(d => new SearchHit(d.Url, d.Title, d.Text, 1, Name))];
        return Task.FromResult(hits);
    }

    public Task<ReadPage?> ReadAsync(SearchHit hit, CancellationToken cancellationToken)
    {
        var d = Documents.First(x => x.Url == hit.Url);
        return Task.FromResult<ReadPage?>(new ReadPage(d.Url, d.Title, d.Text));
    }
}
