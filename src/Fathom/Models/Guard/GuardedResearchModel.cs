using Fathom.Reading;
using Fathom.Research;
using Fathom.Sources;
using Fathom.Text;

namespace Fathom.Models.Guard;

/// <summary>
/// Keeps a language model from making a run worse than no model at all. Each stage's answer is
/// judged (<see cref="AnswerJudge"/>): a plan, queries or findings that echo the prompt, are off the
/// question, repeat, or claim what their quotes do not say are refused, and the stage falls back to
/// <paramref name="fallback"/> (the built-in extractive model) when nothing usable is left; a page
/// the model learned less from than the fallback would gets the fallback's findings too; and the
/// report is checked against the fallback's composition from the same findings
/// (<see cref="ReportCoverage"/>). Every refusal and fallback is said in a model-answer event.
/// </summary>
public sealed class GuardedResearchModel(IResearchModel model, IResearchModel fallback) : IResearchModel
{
    /// <summary>Share of the fallback's finding terms a page's model findings must cover not to be topped up.</summary>
    public const double PageCoverage = 0.6;

    /// <summary>Stop reasons of a model whose round plan could not be used (its own fallbacks).</summary>
    private static readonly string[] UselessStops = ["the model's round plan was unusable", "loop guard:"];

    /// <inheritdoc />
    public ModelInfo Info => model.Info;

    /// <inheritdoc />
    public Task<Clarification> ClarifyAsync(ResearchContext context, CancellationToken cancellationToken) => model.ClarifyAsync(context, cancellationToken);

    /// <inheritdoc />
    public async Task<ResearchPlan> PlanAsync(ResearchContext context, CancellationToken cancellationToken)
    {
        var plan = await model.PlanAsync(context, cancellationToken);
        var material = context.Request.FullQuestion;
        var outline = plan.Outline.Where(s => !PromptEcho.Echoes(s, material)).ToList();
        var echoed = plan.Outline.Count - outline.Count;
        if (PromptEcho.Echoes(plan.Brief, material) || outline.Count == 0)
        {
            context.RejectAnswer("plan", $"the plan repeats the prompt's instructions ({echoed} of {plan.Outline.Count} section titles, brief: \"{AnswerJudge.Shorten(plan.Brief)}\"); the built-in model's plan is used");
            return await fallback.PlanAsync(context, cancellationToken);
        }

        if (echoed > 0)
        {
            context.RejectAnswer("plan", $"{echoed} section title(s) repeating the prompt's instructions were left out of the outline");
        }

        return plan with { Outline = outline };
    }

    /// <inheritdoc />
    public async Task<RoundPlan> PlanRoundAsync(ResearchContext context, int round, CancellationToken cancellationToken)
    {
        var plan = await model.PlanRoundAsync(context, round, cancellationToken);
        if (plan.IsStop)
        {
            if (plan.StopReason is { } reason && UselessStops.Any(u => reason.StartsWith(u, StringComparison.Ordinal)))
            {
                return await FallBackAsync(context, round, $"the model gave no usable round plan ({reason})", cancellationToken);
            }

            // A stop is the model's judgment; it stands when the built-in model would stop too, so a
            // model that gives up early researches no less than no model would.
            var theirs = await fallback.PlanRoundAsync(context, round, cancellationToken);
            if (theirs.IsStop)
            {
                return plan;
            }

            context.RejectAnswer("plan_round", $"round {round}: the model stopped ({plan.StopReason}), but the built-in model still finds pages not read yet; the round uses its queries");
            return theirs;
        }

        var (kept, refused) = AnswerJudge.Queries(plan.Queries, context);
        if (kept.Count == 0)
        {
            return await FallBackAsync(context, round, $"every proposed query was refused: {string.Join("; ", refused)}", cancellationToken);
        }

        if (refused.Count > 0)
        {
            context.RejectAnswer("plan_round", $"round {round}: refused {string.Join("; ", refused)}");
        }

        var goal = AnswerJudge.IsAbout(plan.Goal, context) ? plan.Goal : $"Find what the sources say about: {Words.NormalizeSpace(context.Request.Question)}";
        return new RoundPlan(goal, kept);
    }

    /// <inheritdoc />
    public async Task<PageLearning> LearnAsync(ResearchContext context, ReadPage page, SourceCard source, CancellationToken cancellationToken)
    {
        var learning = await model.LearnAsync(context, page, source, cancellationToken);
        var material = AnswerJudge.Material(context);
        var kept = new List<Finding>();
        var refused = new List<string>();
        foreach (var finding in learning.Findings)
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
            context.RejectAnswer("learn", $"source [{source.Number}]: refused {refused.Count} finding(s): {string.Join("; ", refused)}");
        }

        var theirs = await fallback.LearnAsync(context, page, source, cancellationToken);
        var wanted = theirs.Findings.SelectMany(f => Extractive.Concepts.ContentStems(f.Quote)).ToHashSet(StringComparer.Ordinal);
        var have = kept.SelectMany(f => Extractive.Concepts.ContentStems(f.Quote)).ToHashSet(StringComparer.Ordinal);
        if (wanted.Count == 0 || (double)wanted.Count(have.Contains) / wanted.Count >= PageCoverage)
        {
            return learning with { Findings = kept };
        }

        var added = theirs.Findings.Where(f => !kept.Any(k => Overlaps(k, f))).ToList();
        context.RejectAnswer("learn", $"source [{source.Number}]: the model's findings covered less of the page than the built-in model's; {added.Count} of its findings were added");
        return new PageLearning(kept.Count == 0 ? theirs.Summary : learning.Summary, [.. kept, .. added]);
    }

    /// <inheritdoc />
    public async Task<DraftReport> WriteAsync(ResearchContext context, CancellationToken cancellationToken)
    {
        var written = await model.WriteAsync(context, cancellationToken);
        var composed = await fallback.WriteAsync(context, cancellationToken);
        var (draft, why) = ReportCoverage.Choose(written, composed, context.Sources, context.Request.Limits.ReportWordBudget);
        if (why is not null)
        {
            context.RejectAnswer("write", why);
        }

        return draft;
    }

    private async Task<RoundPlan> FallBackAsync(ResearchContext context, int round, string why, CancellationToken cancellationToken)
    {
        var plan = await fallback.PlanRoundAsync(context, round, cancellationToken);
        context.RejectAnswer("plan_round", $"round {round}: {why}; " + (plan.IsStop ? "the built-in model would stop too" : "the round uses the built-in model's queries"));
        return plan;
    }

    private static bool Overlaps(Finding a, Finding b) =>
        a.Position < b.Position + b.Quote.Length && b.Position < a.Position + a.Quote.Length;
}
