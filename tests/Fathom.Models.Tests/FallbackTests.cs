using Fathom.Events;
using Fathom.Models.Chat;
using Fathom.Models.Tests.Support;
using Fathom.Research;

namespace Fathom.Models.Tests;

public sealed class FallbackTests
{
    [Fact]
    public async Task Run_JudgeRefusesTheWritersReport_TheExtractiveModelWritesItAndTheRestStandsAsTheModelsOwn()
    {
        var script = new ResearchScript();
        var judge = new RefuseStage(ResearchStage.Write);
        var model = new FallbackResearchModel(new ChatResearchModel(ChatModelRoles.Shared(script.Client())), new Extractive.ExtractiveResearchModel(), judge);

        var events = await Runs.RunAsync(model, Runs.Startups(), Runs.Request());

        Assert.Equal(["Common reasons startups fail", "Money and market", "Lessons for founders"], events.OfType<PlanCreated>().Single().Outline);
        var written = events.OfType<ReportWritten>().ToList();
        Assert.True(written.Count == 1, $"the run ended {events.OfType<RunFinished>().LastOrDefault()} after {string.Join(", ", events.Select(FathomJson.TypeName))}");
        var report = written[0];
        Assert.Contains("No language model wrote this report", report.Markdown, StringComparison.Ordinal);
        Assert.NotEmpty(report.References);
        Assert.Contains(ResearchStage.Write, judge.Judged);
        Assert.Contains(ResearchStage.Learn, judge.Judged);
    }

    [Fact]
    public async Task Learn_ModelAnswerUnusable_FallsBackToTheExtractiveReaderAndKeepsTheNotices()
    {
        var script = new ResearchScript { Override = call => call.Stage == "learn" ? ScriptedChatClient.Reply("not json at all") : null };

        var events = await Runs.RunAsync(FallbackResearchModel.OverExtractive(new ChatResearchModel(ChatModelRoles.Shared(script.Client()))), Runs.Startups(), Runs.Request());

        Assert.Contains(events, e => e is ModelAnswerRejected { Stage: "learn" });
        Assert.NotEmpty(events.OfType<PageLearned>());
        Assert.NotEmpty(events.OfType<ReportWritten>().Single().References);
    }

    private sealed class RefuseStage(ResearchStage refused) : IAnswerJudge
    {
        public System.Collections.Concurrent.ConcurrentBag<ResearchStage> Judged { get; } = [];

        public ValueTask<Verdict<Clarification>> ClarificationAsync(StageAnswer<Clarification> answer, CancellationToken cancellationToken) => Judge(answer);

        public ValueTask<Verdict<ResearchPlan>> PlanAsync(StageAnswer<ResearchPlan> answer, CancellationToken cancellationToken) => Judge(answer);

        public ValueTask<Verdict<RoundPlan>> RoundPlanAsync(StageAnswer<RoundPlan> answer, int round, CancellationToken cancellationToken) => Judge(answer);

        public ValueTask<Verdict<PageLearning>> LearningAsync(StageAnswer<PageLearning> answer, Reading.ReadPage page, Sources.SourceCard source, CancellationToken cancellationToken) => Judge(answer);

        public ValueTask<Verdict<DraftReport>> ReportAsync(StageAnswer<DraftReport> answer, CancellationToken cancellationToken) => Judge(answer);

        private ValueTask<Verdict<T>> Judge<T>(StageAnswer<T> answer)
        {
            Judged.Add(answer.Stage);
            return ValueTask.FromResult(answer.Stage == refused ? Verdict.Fallback<T>("refused by the test") : AnsweredJudge.Of(answer));
        }
    }
}
