using Fathom.Events;
using Fathom.Models.Chat;
using Fathom.Models.Guard;
using Fathom.Models.Tests.Support;
using Fathom.Reading;
using Fathom.Relevance;
using Fathom.Research;
using Fathom.Sources;

namespace Fathom.Models.Tests;

/// <summary>
/// The one fallback decorator with the guard's judge: each verdict (accept, refine, fall back,
/// merge) is carried out, every fallback and merge is an event with its reason and a line in the
/// report's notes, and the judge's tests read the question (by meaning when an embedder is there).
/// </summary>
public sealed class GuardJudgeTests
{
    private const string NoteStart = "*Fathom's built-in model stood in for the language model";

    [Fact]
    public async Task Write_ModelWritesAThinReport_TheBuiltInCompositionStandsAndTheRunAndReportSaySo()
    {
        var script = new ResearchScript
        {
            Override = call => call.Stage == "write" ? ScriptedChatClient.Reply("# Why startups fail\n\nStartups fail for many reasons.\n") : null,
        };

        var events = await Runs.RunAsync(FallbackResearchModel.Guarded(new ChatResearchModel(ChatModelRoles.Shared(script.Client()))), Runs.Startups(), Runs.Request());

        Assert.Contains(events.OfType<ModelAnswerRejected>(), r => r.Stage == "write" && r.Reason.EndsWith("; the report is the built-in model's composition", StringComparison.Ordinal));
        var report = events.OfType<ReportWritten>().Single();
        Assert.Contains(NoteStart, report.Markdown, StringComparison.Ordinal);
        Assert.Contains("the report (", report.Markdown, StringComparison.Ordinal);
        Assert.True(Text.Words.Count(report.Markdown.Split("\n## References")[0]) >= 200);
        Assert.Equal(0, report.Verification.UnresolvedDropped);
    }

    [Fact]
    public async Task Learn_ModelLearnsOneSentenceOfARichPage_BuiltInFindingsAreMergedInWithAnEventAndANote()
    {
        var script = new ResearchScript
        {
            Override = call => call.Stage == "learn"
                ? ScriptedChatClient.Reply(ResearchScript.LearnJson(ResearchScript.RelevantSentences(call).Take(1).Select(s => (s, s))))
                : null,
        };

        var events = await Runs.RunAsync(FallbackResearchModel.Guarded(new ChatResearchModel(ChatModelRoles.Shared(script.Client()))), Runs.Startups(), Runs.Request());

        var merged = events.OfType<ModelAnswerRejected>().Where(r => r.Stage == "learn" && r.Reason.Contains("covered less of the page", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(merged);
        Assert.Contains(events.OfType<PageLearned>(), p => p.Findings.Count > 1);
        var written = events.OfType<ReportWritten>().ToList();
        Assert.True(written.Count == 1, $"the run ended {events.OfType<RunFinished>().LastOrDefault()}");
        var report = written[0].Markdown;
        Assert.Contains(NoteStart, report, StringComparison.Ordinal);
        Assert.Contains(merged.Count == 1 ? "the findings of one page" : $"the findings of {merged.Count} pages", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_JudgeRefinesTheRoundPlan_TheRoundSearchesWhatIsLeftAndTheReasonIsAnEventButNotAReportNote()
    {
        var model = new FallbackResearchModel(new ChatResearchModel(ChatModelRoles.Shared(new ResearchScript().Client())), new Extractive.ExtractiveResearchModel(), new FirstQueryOnly());

        var events = await Runs.RunAsync(model, Runs.Startups(), Runs.Request());

        Assert.Equal(["why startups fail"], events.OfType<RoundStarted>().First().Queries);
        Assert.Contains(events.OfType<ModelAnswerRejected>(), r => r.Stage == "plan_round" && r.Reason == "round 1: kept the first query only");
        Assert.DoesNotContain(NoteStart, events.OfType<ReportWritten>().Single().Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_EveryAnswerAccepted_TheReportIsTheWritersOwnWithNoNote()
    {
        var script = new ResearchScript();
        var model = FallbackResearchModel.OverExtractive(new ChatResearchModel(ChatModelRoles.Shared(script.Client())));

        var events = await Runs.RunAsync(model, Runs.Startups(), Runs.Request());

        Assert.Empty(events.OfType<ModelAnswerRejected>());
        var report = events.OfType<ReportWritten>().Single().Markdown;
        Assert.DoesNotContain(NoteStart, report, StringComparison.Ordinal);
        Assert.StartsWith("# Why startups fail\n\nThe sources agree on a few reasons.", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RoundPlan_GoalAndQueriesOffTheQuestion_QueriesRefusedAndGoalReplacedWithReasons()
    {
        var run = Contexts.For("why startups fail");
        var plan = new RoundPlan("Bake a chocolate cake", ["why startups fail", "chocolate cake recipe", "why startups fail"]);
        var answer = new StageAnswer<RoundPlan>(ResearchStage.PlanRound, run.View(), StageResult.Of(plan), () => Task.FromResult(StageResult.Of(RoundPlan.Stop("done"))));

        var verdict = await new GuardJudge().RoundPlanAsync(answer, 1, CancellationToken.None);

        Assert.Equal(VerdictKind.Refine, verdict.Kind);
        Assert.Equal(["why startups fail"], verdict.Value!.Queries);
        Assert.DoesNotContain("cake", verdict.Value.Goal, StringComparison.Ordinal);
        Assert.Contains("\"chocolate cake recipe\" (it is not about the question)", verdict.Reason, StringComparison.Ordinal);
        Assert.Contains("(it repeats a query already searched or proposed)", verdict.Reason, StringComparison.Ordinal);
        Assert.Contains("the goal \"Bake a chocolate cake\" was replaced (it is not about the question)", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TopicTest_WithTheEmbedder_KeepsAParaphraseWithNoneOfTheQuestionsWordsAndRefusesAnUnrelatedQuery()
    {
        var run = Contexts.For("why startups fail").View();
        string[] queries = ["reasons new companies go out of business", "chocolate cake recipe"];

        var lexical = await new TopicTest(null).AboutAsync(queries, run, CancellationToken.None);
        var semantic = await new TopicTest(SharedEmbedder.BuiltIn).AboutAsync(queries, run, CancellationToken.None);

        Assert.Equal([false, false], lexical);
        Assert.Equal([true, false], semantic);
    }

    [Fact]
    public async Task Learning_ClaimNegatesOrStraysFromItsQuote_IsRefusedAndTheRestStands()
    {
        var run = Contexts.For("why startups fail");
        var quote = "Most startups fail because they run out of cash before they find customers.";
        var page = new ReadPage("https://example.test/a", "A", quote + " Founders also fall out with each other.");
        var findings = new List<Finding>
        {
            new(1, quote, quote, 0.9, 0),
            new(1, "Startups do not fail because they run out of cash.", quote, 0.9, 0),
            new(1, "Bananas are rich in potassium and grow in warm places.", quote, 0.9, 0),
        };
        var answer = new StageAnswer<PageLearning>(ResearchStage.Learn, run.View(), StageResult.Of(new PageLearning("s", findings)), () => Task.FromResult(StageResult.Of(new PageLearning("s", [new(1, quote, quote, 1, 0)]))));

        var verdict = await new GuardJudge().LearningAsync(answer, page, new SourceCard(1, page.Url, "A", ""), CancellationToken.None);

        Assert.Equal(VerdictKind.Refine, verdict.Kind);
        Assert.Equal(quote, Assert.Single(verdict.Value!.Findings).Claim);
        Assert.Contains("the claim denies what its quote says", verdict.Reason, StringComparison.Ordinal);
        Assert.Contains("the claim says something its quote does not", verdict.Reason, StringComparison.Ordinal);
    }

    /// <summary>A judge that keeps only the first query of each round and accepts everything else.</summary>
    private sealed class FirstQueryOnly : IAnswerJudge
    {
        public ValueTask<Verdict<Clarification>> ClarificationAsync(StageAnswer<Clarification> answer, CancellationToken cancellationToken) => ValueTask.FromResult(AnsweredJudge.Of(answer));

        public ValueTask<Verdict<ResearchPlan>> PlanAsync(StageAnswer<ResearchPlan> answer, CancellationToken cancellationToken) => ValueTask.FromResult(AnsweredJudge.Of(answer));

        public ValueTask<Verdict<RoundPlan>> RoundPlanAsync(StageAnswer<RoundPlan> answer, int round, CancellationToken cancellationToken) =>
            ValueTask.FromResult(answer.Value.IsStop ? AnsweredJudge.Of(answer) : Verdict.Refine(answer.Value with { Queries = answer.Value.Queries.Take(1).ToList() }, "kept the first query only"));

        public ValueTask<Verdict<PageLearning>> LearningAsync(StageAnswer<PageLearning> answer, ReadPage page, SourceCard source, CancellationToken cancellationToken) => ValueTask.FromResult(AnsweredJudge.Of(answer));

        public ValueTask<Verdict<DraftReport>> ReportAsync(StageAnswer<DraftReport> answer, CancellationToken cancellationToken) => ValueTask.FromResult(AnsweredJudge.Of(answer));
    }
}
