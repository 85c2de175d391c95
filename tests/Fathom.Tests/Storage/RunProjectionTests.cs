using Fathom.Events;
using Fathom.Research;
using Fathom.Sources;
using Fathom.Storage;

namespace Fathom.Tests.Storage;

public sealed class RunProjectionTests
{
    [Theory]
    [InlineData(RunStatus.Completed, StoredRunStatus.Completed)]
    [InlineData(RunStatus.NeedsClarification, StoredRunStatus.NeedsClarification)]
    [InlineData(RunStatus.Cancelled, StoredRunStatus.Cancelled)]
    [InlineData(RunStatus.Failed, StoredRunStatus.Failed)]
    public void Fold_AgreesWithTheRunsResult(RunStatus ended, StoredRunStatus stored)
    {
        ResearchEvent[] events =
        [
            new RunStarted("q", new ResearchLimits(), "m") { Sequence = 1 },
            new UsageUpdated(new TokenUsage(5, 1)) { Sequence = 2 },
            new ReportWritten("# R [[1]]", [new Reference(1, "https://example.org", "E", "d", ["q"])], new VerificationSummary(1, 0, 0, 0)) { Sequence = 3 },
            new UsageUpdated(new TokenUsage(9, 4, 0.1m)) { Sequence = 4 },
            new RunFinished(ended, ended == RunStatus.Completed ? null : "why") { Sequence = 5 },
        ];

        var projection = RunProjection.Fold(events);
        var result = ResearchResult.Fold(events);

        Assert.Equal(stored, projection.Status);
        Assert.Equal(result.Error, projection.Error);
        Assert.Equal(result.Report, projection.Report);
        Assert.Same(result.References, projection.References);
        Assert.Equal(result.Usage, projection.Usage);
    }

    [Fact]
    public void Apply_AnEventThatChangesNothingStored_ReturnsTheSameProjection()
    {
        var projection = RunProjection.Empty.Apply(new RoundStarted(1, "goal", ["query"]) { Sequence = 1 });
        Assert.Same(RunProjection.Empty, projection);
        Assert.Null(RunProjectionChange.Of(new PageSkipped(1, 1, "https://example.org", "blocked")));
    }

    [Fact]
    public void Apply_ARunStartedAgain_IsRunningWithNoError_AndKeepsTheReportAndUsage()
    {
        var ended = RunProjection.Empty with { Status = StoredRunStatus.Failed, Error = "down", Report = "# R", Usage = new TokenUsage(1, 1) };
        var resumed = ended.Apply(new RunStarted("q", new ResearchLimits(), "m", Resumed: true));
        Assert.Equal(ended with { Status = StoredRunStatus.Running, Error = null }, resumed);
    }
}
