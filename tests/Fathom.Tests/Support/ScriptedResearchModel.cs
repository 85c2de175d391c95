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

    public Func<RunSnapshot, Clarification> Clarify { get; init; } = _ => Clarification.None;

    public Func<RunSnapshot, ResearchPlan> Plan { get; init; } = c => new ResearchPlan("Brief: " + c.Request.Question, ["Findings"]);

    public Func<RunSnapshot, int, RoundPlan> PlanRound { get; init; } = (c, round) => round <= 2
        ? new RoundPlan($"goal {round}", [$"{c.Request.Question} {round}"])
        : RoundPlan.Stop("enough");

    public Func<RunSnapshot, ReadPage, SourceCard, PageLearning>? Learn { get; init; }

    public Func<RunSnapshot, DraftReport>? Write { get; init; }

    /// <summary>Tokens each stage call costs (input, output).</summary>
    public (long Input, long Output) CostPerCall { get; init; }

    public int Calls { get; private set; }

    public Task<StageResult<Clarification>> ClarifyAsync(RunSnapshot run, CancellationToken cancellationToken) => Charge(run, Clarify(run));

    public Task<StageResult<ResearchPlan>> PlanAsync(RunSnapshot run, CancellationToken cancellationToken) => Charge(run, Plan(run));

    public Task<StageResult<RoundPlan>> PlanRoundAsync(RunSnapshot run, int round, CancellationToken cancellationToken) => Charge(run, PlanRound(run, round));

    public Task<StageResult<PageLearning>> LearnAsync(RunSnapshot run, ReadPage page, SourceCard source, CancellationToken cancellationToken) =>
        Charge(run, Learn?.Invoke(run, page, source) ?? DefaultLearn(run, page, source));

    public Task<StageResult<DraftReport>> WriteAsync(RunSnapshot run, CancellationToken cancellationToken) =>
        Charge(run, Write?.Invoke(run) ?? DefaultWrite(run));

    private Task<StageResult<T>> Charge<T>(RunSnapshot run, T value)
    {
        Calls++;
        run.Budget.Record(new TokenUsage(CostPerCall.Input, CostPerCall.Output));
        return Task.FromResult(StageResult.Of(value));
    }

    private static PageLearning DefaultLearn(RunSnapshot run, ReadPage page, SourceCard source)
    {
        var terms = Words.ContentTokens(run.Request.Question).ToHashSet();
        var findings = Sentences.Split(page.Text)
            .Where(s => Words.ContentTokens(s.Text).Any(terms.Contains))
            .Select(s => new Finding(source.Number, s.Text, s.Text, 1, s.Start))
            .ToList();
        return new PageLearning($"{findings.Count} sentences", findings);
    }

    private static DraftReport DefaultWrite(RunSnapshot run) =>
        new("# Report\n\n" + string.Join("\n\n", run.Findings.Select(f => $"{f.Quote} [[{f.SourceNumber}]]")));
}
