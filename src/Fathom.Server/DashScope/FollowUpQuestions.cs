using Fathom.Models;
using Fathom.Reading;
using Fathom.Research;
using Fathom.Sources;

namespace Fathom.Server.DashScope;

/// <summary>
/// Keeps the hosted model's two-step flow for every model: a request that allows follow-up
/// questions (<c>enable_feedback</c>, the default) and has not answered any gets them, as the
/// service's clients expect step 1 to end with questions and step 2 to carry the answers. A model
/// that asks its own is left alone; for one that never asks (the built-in extractive model cannot
/// judge what is ambiguous) this asks the questions that narrow any research: aspects, scope, use.
/// </summary>
public sealed class FollowUpQuestions(IResearchModel inner) : IResearchModel
{
    /// <inheritdoc />
    public ModelInfo Info => inner.Info;

    /// <inheritdoc />
    public async Task<Clarification> ClarifyAsync(ResearchContext context, CancellationToken cancellationToken)
    {
        var own = await inner.ClarifyAsync(context, cancellationToken);
        if (own.IsNeeded)
        {
            return own;
        }

        var topic = Topic(context.Request.Question);
        string[] questions =
        [
            $"Which aspects of \"{topic}\" matter most to you?",
            "Should the research focus on a particular period, region, group or setting?",
            "What is the report for: an overview, the evidence and figures, or practical recommendations?",
        ];
        var text = string.Join("\n\n", questions.Select((q, i) => $"{i + 1}. {q}"));
        return new Clarification(text, questions);
    }

    /// <summary>The question without a leading "research…" verb, so that the questions read naturally.</summary>
    internal static string Topic(string question)
    {
        var topic = question.Trim().TrimEnd('.', '?', '!', '。', '？');
        foreach (var lead in Leads)
        {
            if (topic.StartsWith(lead, StringComparison.OrdinalIgnoreCase) && topic.Length > lead.Length + 3)
            {
                return topic[lead.Length..].Trim();
            }
        }

        return topic;
    }

    private static readonly string[] Leads =
        ["Research the ", "Research ", "Investigate the ", "Investigate ", "Study the ", "Study ", "Explore the ", "Explore ", "Look into the ", "Look into ", "研究一下", "研究"];

    /// <inheritdoc />
    public Task<ResearchPlan> PlanAsync(ResearchContext context, CancellationToken cancellationToken) => inner.PlanAsync(context, cancellationToken);

    /// <inheritdoc />
    public Task<RoundPlan> PlanRoundAsync(ResearchContext context, int round, CancellationToken cancellationToken) => inner.PlanRoundAsync(context, round, cancellationToken);

    /// <inheritdoc />
    public Task<PageLearning> LearnAsync(ResearchContext context, ReadPage page, SourceCard source, CancellationToken cancellationToken) =>
        inner.LearnAsync(context, page, source, cancellationToken);

    /// <inheritdoc />
    public Task<DraftReport> WriteAsync(ResearchContext context, CancellationToken cancellationToken) => inner.WriteAsync(context, cancellationToken);
}
