using System.Reflection;
using System.Text.Json.Serialization;
using Fathom.Events;
using Fathom.Research;
using Fathom.Sources;

namespace Fathom.Tests.Events;

public sealed class EventJsonTests
{
    public static TheoryData<ResearchEvent> Samples => new()
    {
        new RunStarted("q", new ResearchLimits(), "extractive"),
        new ClarificationRequested("t", ["a?"]),
        new PlanCreated("brief", ["one", "two"]),
        new PlanApproved("brief", ["two", "one", "three"], Edited: true),
        new RoundStarted(1, "goal", ["q1"]),
        new SearchFailed(1, "brave", "q1", "429"),
        new ModelSearched(0, "q", 4),
        new ModelRead(0, "https://x", "X"),
        new ModelRead(2, "https://y", "Y", "404"),
        new ToolCalled(1, "kb", "lookup", "mcp://kb/lookup?topic=cash", 120, Called: true),
        new ToolCalled(1, "kb", "broken", "mcp://kb/broken?topic=cash", 0, Called: true, "MCP server 'kb' failed"),
        new SourcesFound(1, [new SourceCard(1, "https://x", "X", "d")]),
        new PageLearned(1, 1, "https://x", "X", "s", [new Finding(1, "c", "q", 0.5, 3)]),
        new PageSkipped(1, 2, "https://y", "404"),
        new RoundFinished(1, 3, "r"),
        new ResearchFinished(1, 3, "enough"),
        new ReportWritten("# R", [new Reference(1, "https://x", "X", "d", ["q"])], new VerificationSummary(1, 0, 0, 0)),
        new UsageUpdated(new TokenUsage(10, 20, 0.5m)),
        new LimitReached(LimitKind.TokenBudget, "d"),
        new ModelAnswerRejected("learn", "bad json"),
        new RunFinished(RunStatus.Completed),
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Event_RoundTripsThroughTheSourceGeneratedContext(ResearchEvent e)
    {
        var stamped = e with { RunId = "r", Sequence = 7, Timestamp = DateTimeOffset.UnixEpoch };

        var json = FathomJson.Serialize(stamped);
        var back = FathomJson.Deserialize(json);

        Assert.Equal(json, FathomJson.Serialize(back));
        Assert.Equal(stamped.GetType(), back.GetType());
        Assert.Contains("\"sequence\":7", json, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryEventType_IsRegisteredAndSampled()
    {
        var declared = typeof(ResearchEvent).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(ResearchEvent)) && !t.IsAbstract).ToHashSet();
        var registered = typeof(ResearchEvent).GetCustomAttributes<JsonDerivedTypeAttribute>().Select(a => a.DerivedType).ToHashSet();
        var sampled = ((IEnumerable<object[]>)Samples).Select(row => row[0].GetType()).ToHashSet();

        Assert.Equal(declared.OrderBy(t => t.Name), registered.OrderBy(t => t.Name));
        Assert.Equal(declared.OrderBy(t => t.Name), sampled.OrderBy(t => t.Name));
    }

    [Fact]
    public void Result_FoldsTheStream()
    {
        ResearchEvent[] events =
        [
            new RunStarted("q", new ResearchLimits(), "m") { RunId = "r" },
            new PlanCreated("b", ["o"]),
            new RoundStarted(1, "g", ["q"]),
            new RoundStarted(2, "g", ["q2"]),
            new LimitReached(LimitKind.Rounds, "d"),
            new ReportWritten("# R", [], new VerificationSummary(0, 0, 0, 0)),
            new UsageUpdated(new TokenUsage(1, 2)),
            new RunFinished(RunStatus.Completed),
        ];

        var result = ResearchResult.Fold(events);

        Assert.Equal(("r", "q", "b", "# R", 2, RunStatus.Completed, 3L), (result.RunId, result.Question, result.Brief, result.Report, result.Rounds, result.Status, result.Usage.TotalTokens));
        Assert.Equal([LimitKind.Rounds], result.LimitsHit);
    }

    [Fact]
    public void Result_TakesTheApprovedOutline_OverThePlannedOne()
    {
        ResearchEvent[] events = [new PlanCreated("b", ["one", "two"]), new PlanApproved("b", ["two", "three"], Edited: true)];
        Assert.Equal(["two", "three"], ResearchResult.Fold(events).Outline);
    }
}
