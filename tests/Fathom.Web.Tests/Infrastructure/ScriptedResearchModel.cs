using Fathom.Models;
using Fathom.Reading;
using Fathom.Research;
using Fathom.Sources;
using Fathom.Text;

namespace Fathom.Web.Tests.Infrastructure;

/// <summary>
/// A research model for tests, standing in for a language model: it searches the given queries
/// round by round, learns from each page the sentences that share the most words with the
/// question (quoted verbatim from the page), writes one cited line per finding, and charges a
/// fixed number of tokens per call.
/// </summary>
public sealed class ScriptedResearchModel(IReadOnlyList<string> roundQueries, TokenUsage? perCall = null) : IResearchModel
{
    private readonly TokenUsage _perCall = perCall ?? new TokenUsage(80, 20);
    private int _learnCalls;

    public ModelInfo Info { get; } = new("scripted", IsLanguageModel: true);

    public int LearnCalls => _learnCalls;

    public Task<Clarification> ClarifyAsync(ResearchContext context, CancellationToken cancellationToken) => Task.FromResult(Clarification.None);

    public Task<ResearchPlan> PlanAsync(ResearchContext context, CancellationToken cancellationToken)
    {
        context.Budget.Record(_perCall);
        return Task.FromResult(new ResearchPlan("Research brief: " + context.Request.Question, ["Findings"]));
    }

    public Task<RoundPlan> PlanRoundAsync(ResearchContext context, int round, CancellationToken cancellationToken)
    {
        context.Budget.Record(_perCall);
        return Task.FromResult(round <= roundQueries.Count
            ? new RoundPlan($"Round {round}: {roundQueries[round - 1]}", [roundQueries[round - 1]])
            : RoundPlan.Stop("the scripted queries are done"));
    }

    public Task<PageLearning> LearnAsync(ResearchContext context, ReadPage page, SourceCard source, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _learnCalls);
        context.Budget.Record(_perCall);
        var question = Words.ContentTokens(context.Request.Question).ToHashSet(StringComparer.Ordinal);
        var findings = Sentences.Split(page.Text)
            .Where(s => Words.Count(s.Text) is >= 8 and <= 60)
            .Select(s => (Sentence: s, Overlap: Words.ContentTokens(s.Text).Where(question.Contains).Distinct().Count()))
            .Where(x => x.Overlap >= 1)
            .OrderByDescending(x => x.Overlap)
            .ThenBy(x => x.Sentence.Start)
            .Take(2)
            .Select(x => new Finding(source.Number, x.Sentence.Text, x.Sentence.Text, x.Overlap / (double)Math.Max(1, question.Count), x.Sentence.Start))
            .ToList();
        return Task.FromResult(new PageLearning($"{findings.Count} findings from {page.Title}", findings));
    }

    public Task<DraftReport> WriteAsync(ResearchContext context, CancellationToken cancellationToken)
    {
        context.Budget.Record(_perCall);
        var lines = context.Sources.Findings
            .OrderByDescending(f => f.Relevance)
            .ThenBy(f => f.SourceNumber)
            .Take(12)
            .Select(f => $"- {f.Quote} [[{f.SourceNumber}]]");
        return Task.FromResult(new DraftReport($"# {context.Request.Question}\n\n## Findings\n\n{string.Join('\n', lines)}\n"));
    }
}
