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

    public async Task<Clarification> ClarifyAsync(ResearchContext context, CancellationToken cancellationToken)
    {
        await Answer(context, cancellationToken);
        return Clarification.None;
    }

    public async Task<ResearchPlan> PlanAsync(ResearchContext context, CancellationToken cancellationToken)
    {
        await Answer(context, cancellationToken);
        return new ResearchPlan("A plan for the question, with a brief long enough to look like one.", ["Background", "Evidence", "Outlook"]);
    }

    public async Task<RoundPlan> PlanRoundAsync(ResearchContext context, int round, CancellationToken cancellationToken)
    {
        await Answer(context, cancellationToken);
        return round > rounds ? RoundPlan.Stop("done") : new RoundPlan($"Goal of round {round}.", [$"topic {round} first", $"topic {round} second"]);
    }

    public async Task<PageLearning> LearnAsync(ResearchContext context, ReadPage page, SourceCard source, CancellationToken cancellationToken)
    {
        await Answer(context, cancellationToken);
        var quote = page.Text[..page.Text.IndexOf('.', StringComparison.Ordinal)];
        return new PageLearning($"What page {source.Number} says.", [new Finding(source.Number, quote, quote, 0.9, 0)]);
    }

    public async Task<DraftReport> WriteAsync(ResearchContext context, CancellationToken cancellationToken)
    {
        await Answer(context, cancellationToken);
        var body = string.Join("\n\n", context.Sources.Findings.Select(f => $"{f.Quote} [[{f.SourceNumber}]]."));
        return new DraftReport($"# Report\n\n## Findings\n\n{body}\n");
    }

    private async Task Answer(ResearchContext context, CancellationToken cancellationToken)
    {
        await Task.Delay(delay, cancellationToken);
        context.Budget.Record(new TokenUsage(500, 100));
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
