using Fathom.Events;
using Fathom.Reading;
using Fathom.Research;
using Fathom.Sources;
using Fathom.Text;

namespace Fathom.Models.Guard;

/// <summary>
/// Keeps a language model from making a run worse than no model at all. It is the judge that
/// <see cref="FallbackResearchModel"/> cannot be on its own, because it does more than accept or
/// refuse: each stage's answer is judged (<see cref="AnswerJudge"/>) and a plan, queries or findings
/// that echo the prompt, are off the question, repeat, or claim what their quotes do not say are
/// left out; a stage with nothing usable left (or no real answer) goes to <paramref name="fallback"/>
/// (the built-in extractive model); a page the model learned less from than the fallback would gets
/// the fallback's findings too; and the report is checked against the fallback's composition from
/// the same findings (<see cref="ReportCoverage"/>). Every refusal and fallback is a notice, so the
/// run records it as a model-answer event.
/// </summary>
public sealed class GuardedResearchModel(IResearchModel model, IResearchModel fallback) : IResearchModel
{
    /// <summary>Share of the fallback's finding terms a page's model findings must cover not to be topped up.</summary>
    public const double PageCoverage = 0.6;

    /// <inheritdoc />
    public ModelInfo Info => model.Info;

    /// <inheritdoc />
    public async Task<StageResult<Clarification>> ClarifyAsync(RunSnapshot run, CancellationToken cancellationToken)
    {
        var asked = await model.ClarifyAsync(run, cancellationToken);
        return asked.Answered ? asked : Joined(asked, await fallback.ClarifyAsync(run, cancellationToken));
    }

    /// <inheritdoc />
    public async Task<StageResult<ResearchPlan>> PlanAsync(RunSnapshot run, CancellationToken cancellationToken)
    {
        var answer = await model.PlanAsync(run, cancellationToken);
        if (!answer.Answered)
        {
            return Joined(answer, await fallback.PlanAsync(run, cancellationToken));
        }

        var plan = answer.Value;
        var material = run.Request.FullQuestion;
        var outline = plan.Outline.Where(s => !PromptEcho.Echoes(s, material)).ToList();
        var echoed = plan.Outline.Count - outline.Count;
        if (PromptEcho.Echoes(plan.Brief, material) || outline.Count == 0)
        {
            var why = Notice(ResearchStage.Plan, $"the plan repeats the prompt's instructions ({echoed} of {plan.Outline.Count} section titles, brief: \"{AnswerJudge.Shorten(plan.Brief)}\"); the built-in model's plan is used");
            return Joined(answer, await fallback.PlanAsync(run, cancellationToken), why);
        }

        return echoed > 0
            ? answer with { Value = plan with { Outline = outline }, Notices = [.. answer.Notices, Notice(ResearchStage.Plan, $"{echoed} section title(s) repeating the prompt's instructions were left out of the outline")] }
            : answer;
    }

    /// <inheritdoc />
    public async Task<StageResult<RoundPlan>> PlanRoundAsync(RunSnapshot run, int round, CancellationToken cancellationToken)
    {
        var answer = await model.PlanRoundAsync(run, round, cancellationToken);
        if (!answer.Answered)
        {
            return await FallBackAsync(run, round, answer, "the model gave no usable round plan", cancellationToken);
        }

        var plan = answer.Value;
        if (plan.IsStop)
        {
            // A stop is the model's judgment; it stands when the built-in model would stop too, so a
            // model that gives up early researches no less than no model would.
            var theirs = await fallback.PlanRoundAsync(run, round, cancellationToken);
            return theirs.Value.IsStop
                ? answer
                : Joined(answer, theirs, Notice(ResearchStage.PlanRound, $"round {round}: the model stopped ({plan.StopReason}), but the built-in model still finds pages not read yet; the round uses its queries"));
        }

        var (kept, refused) = AnswerJudge.Queries(plan.Queries, run);
        if (kept.Count == 0)
        {
            return await FallBackAsync(run, round, answer, $"every proposed query was refused: {string.Join("; ", refused)}", cancellationToken);
        }

        var notices = refused.Count > 0 ? [.. answer.Notices, Notice(ResearchStage.PlanRound, $"round {round}: refused {string.Join("; ", refused)}")] : answer.Notices;
        var goal = AnswerJudge.IsAbout(plan.Goal, run) ? plan.Goal : $"Find what the sources say about: {Words.NormalizeSpace(run.Request.Question)}";
        return answer with { Value = new RoundPlan(goal, kept), Notices = notices };
    }

    /// <inheritdoc />
    public async Task<StageResult<PageLearning>> LearnAsync(RunSnapshot run, ReadPage page, SourceCard source, CancellationToken cancellationToken)
    {
        var answer = await model.LearnAsync(run, page, source, cancellationToken);
        var notices = new List<ModelAnswerRejected>(answer.Notices);
        var kept = new List<Finding>();
        if (answer.Answered)
        {
            var material = AnswerJudge.Material(run);
            var refused = new List<string>();
            foreach (var finding in answer.Value.Findings)
            {
                if (AnswerJudge.Finding(finding, material) is { } why)
                {
                    refused.Add($"\"{AnswerJudge.Shorten(finding.Claim)}\" ({why})");
                }
                else if (!kept.Any(k => k.Quote == finding.Quote))
                {
                    kept.Add(finding);
                }
            }

            if (refused.Count > 0)
            {
                notices.Add(Notice(ResearchStage.Learn, $"source [{source.Number}]: refused {refused.Count} finding(s): {string.Join("; ", refused)}"));
            }
        }

        var theirs = await fallback.LearnAsync(run, page, source, cancellationToken);
        var wanted = theirs.Value.Findings.SelectMany(f => Extractive.Concepts.ContentStems(f.Quote)).ToHashSet(StringComparer.Ordinal);
        var have = kept.SelectMany(f => Extractive.Concepts.ContentStems(f.Quote)).ToHashSet(StringComparer.Ordinal);
        if (answer.Answered && (wanted.Count == 0 || (double)wanted.Count(have.Contains) / wanted.Count >= PageCoverage))
        {
            return new StageResult<PageLearning>(answer.Value with { Findings = kept }, notices);
        }

        var added = theirs.Value.Findings.Where(f => !kept.Any(k => Overlaps(k, f))).ToList();
        notices.Add(Notice(ResearchStage.Learn, $"source [{source.Number}]: the model's findings covered less of the page than the built-in model's; {added.Count} of its findings were added"));
        var summary = kept.Count == 0 ? theirs.Value.Summary : answer.Value.Summary;
        return new StageResult<PageLearning>(new PageLearning(summary, [.. kept, .. added]), [.. notices, .. theirs.Notices]);
    }

    /// <inheritdoc />
    public async Task<StageResult<DraftReport>> WriteAsync(RunSnapshot run, CancellationToken cancellationToken)
    {
        var written = await model.WriteAsync(run, cancellationToken);
        var composed = await fallback.WriteAsync(run, cancellationToken);
        if (!written.Answered)
        {
            return Joined(written, composed);
        }

        var (draft, why) = ReportCoverage.Choose(written.Value, composed.Value, Registry(run), run.Request.Limits.ReportWordBudget);
        return why is null
            ? written
            : new StageResult<DraftReport>(draft, [.. written.Notices, Notice(ResearchStage.Write, why)]);
    }

    private async Task<StageResult<RoundPlan>> FallBackAsync(RunSnapshot run, int round, StageResult<RoundPlan> answer, string why, CancellationToken cancellationToken)
    {
        var theirs = await fallback.PlanRoundAsync(run, round, cancellationToken);
        var notice = Notice(ResearchStage.PlanRound, $"round {round}: {why}; " + (theirs.Value.IsStop ? "the built-in model would stop too" : "the round uses the built-in model's queries"));
        return Joined(answer, theirs, notice);
    }

    /// <summary>The fallback's answer, carrying the notices of the model's refused one first.</summary>
    private static StageResult<T> Joined<T>(StageResult<T> refused, StageResult<T> theirs, params ModelAnswerRejected[] why) =>
        theirs with { Notices = [.. refused.Notices, .. why, .. theirs.Notices] };

    private static ModelAnswerRejected Notice(ResearchStage stage, string reason) => new(
        stage switch
        {
            ResearchStage.Clarify => "clarify",
            ResearchStage.Plan => "plan",
            ResearchStage.PlanRound => "plan_round",
            ResearchStage.Learn => "learn",
            _ => "write",
        },
        reason);

    /// <summary>The run's sources and findings as the verifier reads them.</summary>
    private static SourceRegistry Registry(RunSnapshot run)
    {
        var registry = new SourceRegistry();
        foreach (var card in run.Sources)
        {
            registry.Restore(card);
        }

        registry.AddFindings(run.Findings);
        return registry;
    }

    private static bool Overlaps(Finding a, Finding b) =>
        a.Position < b.Position + b.Quote.Length && b.Position < a.Position + a.Quote.Length;
}
