using Fathom.Models;
using Fathom.Reading;
using Fathom.Research;
using Fathom.Sources;
using Fathom.Text;

namespace Fathom.Tests.Support;

/// <summary>
/// A research model whose every stage is a callback, with simple defaults: one query per round
/// built from the question, each page's sentences that share a word with the question as findings,
/// and a report that cites each finding's quote.
/// </summary>
internal sealed class ScriptedResearchModel : IResearchModel
{
    public ModelInfo Info { get; init; } = new("scripted", IsLanguageModel: true);

    public Func<ResearchContext, Clarification> Clarify { get; init; } = _ => Clarification.None;

    public Func<ResearchContext, ResearchPlan> Plan { get; init; } = c => new ResearchPlan("Brief: " + c.Request.Question, ["Findings"]);

    public Func<ResearchContext, int, RoundPlan> PlanRound { get; init; } = (c, round) => round <= 2
        ? new RoundPlan($"goal {round}", [$"{c.Request.Question} {round}"])
        : RoundPlan.Stop("enough");

    public Func<ResearchContext, ReadPage, SourceCard, PageLearning>? Learn { get; init; }

    public Func<ResearchContext, DraftReport>? Write { get; init; }

    /// <summary>Tokens each stage call costs (input, output).</summary>
    public (long Input, long Output) CostPerCall { get; init; }

    public int Calls { get; private set; }

    public Task<Clarification> ClarifyAsync(ResearchContext context, CancellationToken cancellationToken) => Charge(context, Clarify(context));

    public Task<ResearchPlan> PlanAsync(ResearchContext context, CancellationToken cancellationToken) => Charge(context, Plan(context));

    public Task<RoundPlan> PlanRoundAsync(ResearchContext context, int round, CancellationToken cancellationToken) => Charge(context, PlanRound(context, round));

    public Task<PageLearning> LearnAsync(ResearchContext context, ReadPage page, SourceCard source, CancellationToken cancellationToken) =>
        Charge(context, Learn?.Invoke(context, page, source) ?? DefaultLearn(context, page, source));

    public Task<DraftReport> WriteAsync(ResearchContext context, CancellationToken cancellationToken) =>
        Charge(context, Write?.Invoke(context) ?? DefaultWrite(context));

    private Task<T> Charge<T>(ResearchContext context, T value)
    {
        Calls++;
        context.Budget.Record(new TokenUsage(CostPerCall.Input, CostPerCall.Output));
        return Task.FromResult(value);
    }

    private static PageLearning DefaultLearn(ResearchContext context, ReadPage page, SourceCard source)
    {
        var terms = Words.ContentTokens(context.Request.Question).ToHashSet();
        var findings = Sentences.Split(page.Text)
            .Where(s => Words.ContentTokens(s.Text).Any(terms.Contains))
            .Select(s => new Finding(source.Number, s.Text, s.Text, 1, s.Start))
            .ToList();
        return new PageLearning($"{findings.Count} sentences", findings);
    }

    private static DraftReport DefaultWrite(ResearchContext context) =>
        new("# Report\n\n" + string.Join("\n\n", context.Sources.Findings.Select(f => $"{f.Quote} [[{f.SourceNumber}]]")));
}
