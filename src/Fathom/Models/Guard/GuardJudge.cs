using Fathom.Reading;
using Fathom.Research;
using Fathom.Research.Support;
using Fathom.Sources;
using Fathom.Text;
using Microsoft.Extensions.AI;

namespace Fathom.Models.Guard;

/// <summary>
/// The judge that keeps a language model from making a run worse than no model at all, with the
/// built-in extractive model as the fallback. A plan, queries, goals or findings that echo the
/// prompt, are off the question, repeat, or claim what their quotes do not say are left out
/// (refine); a stage with nothing usable left, or no real answer, falls back; a model that stops
/// while the fallback still finds pages to read falls back; a page the model learned less from than
/// the fallback would gets the fallback's findings too (merge); and the report is checked against
/// the fallback's composition from the same findings (<see cref="ReportCoverage"/>): replaced or
/// merged when it covers less. With an embedder, topics and claims are also judged by meaning.
/// </summary>
public sealed class GuardJudge(IEmbeddingGenerator<string, Embedding<float>>? embedder = null) : IAnswerJudge
{
    /// <summary>Share of the fallback's finding terms a page's model findings must cover not to be topped up.</summary>
    public const double PageCoverage = 0.6;

    private readonly TopicTest _topic = new(embedder);

    /// <inheritdoc />
    public IAnswerJudge WithEmbedder(IEmbeddingGenerator<string, Embedding<float>>? embedder) => new GuardJudge(embedder);

    /// <inheritdoc />
    public ValueTask<Verdict<Clarification>> ClarificationAsync(StageAnswer<Clarification> answer, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AnsweredJudge.Of(answer));

    /// <inheritdoc />
    public ValueTask<Verdict<ResearchPlan>> PlanAsync(StageAnswer<ResearchPlan> answer, CancellationToken cancellationToken)
    {
        if (!answer.Answer.Answered)
        {
            return ValueTask.FromResult(AnsweredJudge.Of(answer));
        }

        var plan = answer.Value;
        var echo = new PromptEcho(answer.Run.Request.FullQuestion);
        var outline = plan.Outline.Where(s => !echo.Echoes(s)).ToList();
        var echoed = plan.Outline.Count - outline.Count;
        if (echo.Echoes(plan.Brief) || outline.Count == 0)
        {
            return ValueTask.FromResult(Verdict.Fallback<ResearchPlan>($"the plan repeats the prompt's instructions ({echoed} of {plan.Outline.Count} section titles, brief: \"{AnswerChecks.Shorten(plan.Brief)}\")"));
        }

        return ValueTask.FromResult(echoed > 0
            ? Verdict.Refine(plan with { Outline = outline }, $"{echoed} section title(s) repeating the prompt's instructions were left out of the outline")
            : Verdict.Accept<ResearchPlan>());
    }

    /// <inheritdoc />
    public async ValueTask<Verdict<RoundPlan>> RoundPlanAsync(StageAnswer<RoundPlan> answer, int round, CancellationToken cancellationToken)
    {
        if (!answer.Answer.Answered)
        {
            return Verdict.Fallback<RoundPlan>("the model gave no usable round plan");
        }

        var plan = answer.Value;
        if (plan.IsStop)
        {
            // A stop is the model's judgment; it stands when the built-in model would stop too, so a
            // model that gives up early researches no less than no model would.
            var theirs = await answer.FallbackAsync();
            return theirs.Value.IsStop
                ? Verdict.Accept<RoundPlan>()
                : Verdict.Fallback<RoundPlan>($"the model stopped ({plan.StopReason}), but the built-in model still finds pages not read yet");
        }

        var (kept, refused) = await AnswerChecks.QueriesAsync(plan.Queries, answer.Run, _topic, cancellationToken);
        if (kept.Count == 0)
        {
            return Verdict.Fallback<RoundPlan>($"every proposed query was refused: {string.Join("; ", refused)}");
        }

        var goalProblem = await AnswerChecks.GoalAsync(plan.Goal, answer.Run, _topic, cancellationToken);
        if (refused.Count == 0 && goalProblem is null)
        {
            return Verdict.Accept<RoundPlan>();
        }

        var goal = goalProblem is null ? plan.Goal : $"Find what the sources say about: {Words.NormalizeSpace(answer.Run.Request.Question)}";
        var reasons = refused.Count > 0 ? $"refused {string.Join("; ", refused)}" : null;
        if (goalProblem is not null && !string.IsNullOrWhiteSpace(plan.Goal))
        {
            reasons = (reasons is null ? "" : reasons + "; ") + $"the goal \"{AnswerChecks.Shorten(plan.Goal)}\" was replaced ({goalProblem})";
        }

        return Verdict.Refine(new RoundPlan(goal, kept), reasons);
    }

    /// <inheritdoc />
    public async ValueTask<Verdict<PageLearning>> LearningAsync(StageAnswer<PageLearning> answer, ReadPage page, SourceCard source, CancellationToken cancellationToken)
    {
        var kept = new List<Finding>();
        var refused = new List<string>();
        if (answer.Answer.Answered)
        {
            var echo = new PromptEcho(AnswerChecks.Material(answer.Run));
            var findings = answer.Value.Findings;
            var paraphrases = await ParaphrasesAsync(findings, cancellationToken);
            for (var i = 0; i < findings.Count; i++)
            {
                if (AnswerChecks.Finding(findings[i], echo, paraphrases[i]) is { } why)
                {
                    refused.Add($"\"{AnswerChecks.Shorten(findings[i].Claim)}\" ({why})");
                }
                else if (!kept.Any(k => k.Quote == findings[i].Quote))
                {
                    kept.Add(findings[i]);
                }
            }
        }

        var refusal = refused.Count > 0 ? $"refused {refused.Count} finding(s): {string.Join("; ", refused)}" : null;
        var theirs = (await answer.FallbackAsync()).Value;
        var wanted = theirs.Findings.SelectMany(f => Extractive.Concepts.ContentStems(f.Quote)).ToHashSet(StringComparer.Ordinal);
        var have = kept.SelectMany(f => Extractive.Concepts.ContentStems(f.Quote)).ToHashSet(StringComparer.Ordinal);
        if (answer.Answer.Answered && (wanted.Count == 0 || (double)wanted.Count(have.Contains) / wanted.Count >= PageCoverage))
        {
            return refusal is null ? Verdict.Accept<PageLearning>() : Verdict.Refine(answer.Value with { Findings = kept }, refusal);
        }

        if (kept.Count == 0)
        {
            return Verdict.Fallback<PageLearning>(refusal ?? (answer.Answer.Answered ? "the model found nothing the built-in model would not" : "the model gave no usable findings"));
        }

        var added = theirs.Findings.Where(f => !kept.Any(k => Overlaps(k, f))).ToList();
        var thin = $"the model's findings covered less of the page than the built-in model's; {added.Count} of its findings were added";
        return Verdict.Merge(new PageLearning(answer.Value.Summary, [.. kept, .. added]), refusal is null ? thin : refusal + "; " + thin);
    }

    /// <inheritdoc />
    public async ValueTask<Verdict<DraftReport>> ReportAsync(StageAnswer<DraftReport> answer, CancellationToken cancellationToken)
    {
        if (!answer.Answer.Answered)
        {
            return Verdict.Fallback<DraftReport>("the model wrote no usable report");
        }

        var composed = (await answer.FallbackAsync()).Value;
        return await ReportCoverage.JudgeAsync(answer.Value, composed, answer.Run, embedder, cancellationToken);
    }

    /// <summary>For each finding, whether the embedder reads its claim as a close paraphrase of its quote (all false without one).</summary>
    private async Task<bool[]> ParaphrasesAsync(IReadOnlyList<Finding> findings, CancellationToken cancellationToken)
    {
        if (embedder is null || findings.Count == 0)
        {
            return new bool[findings.Count];
        }

        var support = await QuoteSupport.CreateAsync(embedder, findings.SelectMany(f => new[] { f.Claim, f.Quote }), cancellationToken);
        return findings.Select(f => support.Supporting(f.Claim, [(f.SourceNumber, f.Quote)], []).Count > 0).ToArray();
    }

    private static bool Overlaps(Finding a, Finding b) =>
        a.Position < b.Position + b.Quote.Length && b.Position < a.Position + a.Quote.Length;
}
