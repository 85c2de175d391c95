using Fathom.Events;
using Fathom.Research;
using Fathom.Server.Tests.Support;
using Fathom.Storage;

namespace Fathom.Server.Tests;

/// <summary>The SQLite run store on real files.</summary>
public sealed class RunStoreTests : IDisposable
{
    private readonly string _data = TestServer.NewDataDirectory();

    public void Dispose() => TestServer.TryDelete(_data);

    [Fact]
    public async Task Append_OutOfSequence_IsRefusedAndNothingIsStored()
    {
        using var store = SqliteRunStore.Open(_data);
        store.Create("r", new ResearchRequest { Question = "q" }, "m", "o");
        await store.AppendAsync(Event(1));
        var gap = await Assert.ThrowsAsync<InvalidOperationException>(() => store.AppendAsync(Event(3)));
        Assert.Contains("does not follow", gap.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.AppendAsync(Event(1)));
        await store.AppendAsync(Event(2));
        Assert.Equal([1L, 2L], store.ReadEvents("r").Select(e => e.Sequence));
        Assert.Equal(2, store.Find("r")!.LastSequence);
    }

    [Fact]
    public async Task Reopen_KeepsRunEventsUsageReportAndStatus()
    {
        var request = new ResearchRequest { Question = "q", Style = ReportStyle.Summary, Images = [new ImageInput("https://x/a.png", "image/png")] };
        using (var store = SqliteRunStore.Open(_data))
        {
            store.Create("r", request, "qwen-deep-research", "key:1");
            await store.AppendAsync(new RunStarted("q", new ResearchLimits(), "m") { RunId = "r", Sequence = 1 });
            await store.AppendAsync(new UsageUpdated(new TokenUsage(10, 5, 0.5m)) { RunId = "r", Sequence = 2 });
            await store.AppendAsync(new ReportWritten("# R", [new Fathom.Sources.Reference(1, "https://x", "X", "d", ["quote"])], new VerificationSummary(1, 0, 0, 0)) { RunId = "r", Sequence = 3 });
            await store.AppendAsync(new RunFinished(RunStatus.Completed) { RunId = "r", Sequence = 4 });
        }

        using var reopened = SqliteRunStore.Open(_data);
        var run = reopened.Find("r")!;
        Assert.Equal(StoredRunStatus.Completed, run.Status);
        Assert.Equal(request.Question, run.Request.Question);
        Assert.Equal(ReportStyle.Summary, run.Request.Style);
        Assert.Equal("image/png", run.Request.Images.Single().MediaType);
        Assert.Equal(new TokenUsage(10, 5, 0.5m), run.Usage);
        Assert.Equal("# R", run.Report);
        Assert.Equal("quote", run.References.Single().Quotes.Single());
        Assert.Equal(4, reopened.ReadEvents("r").Count);
        Assert.Equal([3L, 4L], reopened.ReadEvents("r", afterSequence: 2).Select(e => e.Sequence));
    }

    [Fact]
    public void MarkInterrupted_OnlyTouchesRunningRuns()
    {
        using var store = SqliteRunStore.Open(_data);
        store.Create("running", new ResearchRequest { Question = "q" }, "m", "o");
        store.Create("done", new ResearchRequest { Question = "q" }, "m", "o");
        store.SetStatus("done", StoredRunStatus.Completed);
        Assert.Equal(["running"], store.MarkInterrupted("stopped"));
        Assert.Equal(StoredRunStatus.Interrupted, store.Find("running")!.Status);
        Assert.Equal("stopped", store.Find("running")!.Error);
        Assert.Equal(StoredRunStatus.Completed, store.Find("done")!.Status);
    }

    private static RunStarted Event(long sequence) => new("q", new ResearchLimits(), "m") { RunId = "r", Sequence = sequence };
}
