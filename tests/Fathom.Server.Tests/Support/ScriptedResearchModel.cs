using Fathom.Models;
using Fathom.Reading;
using Fathom.Research;
using Fathom.Sources;
using Fathom.Text;

namespace Fathom.Server.Tests.Support;

/// <summary>
/// A research model that follows a script instead of calling a language model: it asks one
/// clarifying question when allowed, plans a fixed number of rounds, learns the first sentences of
/// every page verbatim, and writes a report citing them. Deterministic, so a resumed run does what
/// an uninterrupted one does. Each call can wait a fixed delay, and a gate can hold a stage.
/// </summary>
internal sealed class ScriptedResearchModel(ScriptedResearchModel.Script script) : IResearchModel
{
    public sealed record Script
    {
        public int Rounds { get; init; } = 2;
        public TimeSpan Delay { get; init; }
        public bool SupportsImages { get; init; }
        public string? FailIn { get; init; }
        public Func<string, int, CancellationToken, Task>? Gate { get; init; }

        /// <summary>Pages of a round finish one delay apart (the first after one delay, the third after three).</summary>
        public bool StaggerLearning { get; init; }
    }

    public ModelInfo Info { get; } = new("scripted", IsLanguageModel: false, script.SupportsImages);

    public async Task<Clarification> ClarifyAsync(ResearchContext context, CancellationToken cancellationToken)
    {
        await Step("clarify", 0, context, cancellationToken);
        return new Clarification(
            "1. Which uses matter most to you: personalised learning, tutoring, or assessment?\n\n2. Which level of education should the research cover?",
            ["Which uses matter most to you: personalised learning, tutoring, or assessment?", "Which level of education should the research cover?"]);
    }

    public async Task<ResearchPlan> PlanAsync(ResearchContext context, CancellationToken cancellationToken)
    {
        await Step("plan", 0, context, cancellationToken);
        return new ResearchPlan($"This research looks at {context.Request.Question.TrimEnd('.')}.", ["How it is used", "What it achieves"]);
    }

    public async Task<RoundPlan> PlanRoundAsync(ResearchContext context, int round, CancellationToken cancellationToken)
    {
        await Step("round", round, context, cancellationToken);
        if (round > script.Rounds)
        {
            return RoundPlan.Stop("the script has no more rounds");
        }

        string[] topics = ["personalised learning", "intelligent tutoring", "automated assessment", "teacher workload"];
        var topic = topics[(round - 1) % topics.Length];
        return new RoundPlan($"Understand {topic} with artificial intelligence.", [$"{topic} artificial intelligence", $"{topic} evidence round {round}"]);
    }

    public async Task<PageLearning> LearnAsync(ResearchContext context, ReadPage page, SourceCard source, CancellationToken cancellationToken)
    {
        await Step("learn", source.Number, context, cancellationToken);
        var sentences = Sentences.Split(page.Text).Take(2).ToList();
        var findings = sentences.Select((s, i) => new Finding(source.Number, s.Text, s.Text, 0.9, s.Start)).ToList();
        return new PageLearning($"The page explains {page.Title.ToLowerInvariant()}.", findings);
    }

    public async Task<DraftReport> WriteAsync(ResearchContext context, CancellationToken cancellationToken)
    {
        await Step("write", 0, context, cancellationToken);
        var lines = new List<string> { $"# {context.Request.Question.TrimEnd('.')}", "", "## Findings", "" };
        foreach (var finding in context.Sources.Findings)
        {
            lines.Add($"{finding.Quote.TrimEnd('.')} [[{finding.SourceNumber}]].");
            lines.Add("");
        }

        return new DraftReport(string.Join('\n', lines));
    }

    private async Task Step(string stage, int n, ResearchContext context, CancellationToken cancellationToken)
    {
        if (script.Delay > TimeSpan.Zero)
        {
            var times = script.StaggerLearning && stage == "learn" ? ((n - 1) % 3) + 1 : 1;
            await Task.Delay(script.Delay * times, cancellationToken);
        }

        if (script.Gate is { } gate)
        {
            await gate(stage, n, cancellationToken);
        }

        if (script.FailIn == stage)
        {
            throw new InvalidOperationException($"The scripted model fails in {stage}.");
        }

        context.Budget.Record(new TokenUsage(100, 20));
    }
}
