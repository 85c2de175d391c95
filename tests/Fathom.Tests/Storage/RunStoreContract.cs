using Fathom.Events;
using Fathom.Research;
using Fathom.Sources;
using Fathom.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Fathom.Tests.Storage;

/// <summary>
/// What every <see cref="IRunStore"/> must do, run against each implementation on a real database.
/// A derived class opens an empty store on the given clock (and may skip, through <see cref="Skip"/>,
/// where its database cannot run).
/// </summary>
public abstract class RunStoreContract : IDisposable
{
    private readonly List<IRunStore> _opened = [];

    /// <summary>The clock the store judges claims and stamps by.</summary>
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 2, 1, 0, 0, TimeSpan.Zero));

    /// <summary>Opens an empty store (the same one each call within a test, a fresh one for each test).</summary>
    protected abstract IRunStore OpenStore(TimeProvider time);

    private IRunStore Store()
    {
        var store = OpenStore(Time);
        _opened.Add(store);
        return store;
    }

    public virtual void Dispose()
    {
        foreach (var store in _opened)
        {
            store.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    [SkippableFact]
    public void Create_ThenFind_IsRunningUnclaimedWithTheRequest()
    {
        var store = Store();
        var request = new ResearchRequest { Question = "q?", Style = ReportStyle.Summary };
        var created = store.Create("r1", request, "qwen-deep-research", "key:1", "{\"x\":1}");

        var found = store.Find("r1")!;
        Assert.Equal(created.CreatedAt, found.CreatedAt);
        Assert.Equal(StoredRunStatus.Running, found.Status);
        Assert.Equal("q?", found.Request.Question);
        Assert.Equal(ReportStyle.Summary, found.Request.Style);
        Assert.Equal("qwen-deep-research", found.Model);
        Assert.Equal("key:1", found.Owner);
        Assert.Equal("{\"x\":1}", found.HostRequest);
        Assert.Equal(Time.GetUtcNow(), found.CreatedAt);
        Assert.Equal(0, found.LastSequence);
        Assert.Null(found.ClaimedBy);
        Assert.Null(store.Find("nope"));
    }

    [SkippableFact]
    public void Create_SameIdTwice_IsRefused()
    {
        var store = Store();
        store.Create("r1", Request(), "m", "o");
        var refused = Assert.Throws<InvalidOperationException>(() => store.Create("r1", Request(), "m", "o"));
        Assert.Contains("r1", refused.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Append_InOrder_IsReadBackAfterAnySequence()
    {
        var store = Store();
        store.Create("r1", Request(), "m", "o");
        var stream = Stream("r1");
        foreach (var e in stream)
        {
            Assert.Equal(new AppendResult(AppendOutcome.Appended, e.Sequence), await store.TryAppendAsync(e));
        }

        var read = store.ReadEvents("r1");
        Assert.Equal(stream.Select(FathomJson.Serialize), read.Select(FathomJson.Serialize));
        Assert.Equal([4L, 5L, 6L], store.ReadEvents("r1", afterSequence: 3).Select(e => e.Sequence));
        Assert.Empty(store.ReadEvents("r1", afterSequence: 6));
        Assert.Empty(store.ReadEvents("nope"));
        Assert.Equal(6, store.Find("r1")!.LastSequence);
    }

    [SkippableFact]
    public async Task Append_Gap_IsAConflictAndNothingIsWritten()
    {
        var store = Store();
        store.Create("r1", Request(), "m", "o");
        await store.AppendAsync(Started("r1", 1));

        Assert.Equal(new AppendResult(AppendOutcome.Conflict, 1), await store.TryAppendAsync(Usage("r1", 3, 10)));
        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => store.AppendAsync(Usage("r1", 3, 10)));
        Assert.Contains("does not follow", thrown.Message, StringComparison.Ordinal);
        Assert.Equal([1L], store.ReadEvents("r1").Select(e => e.Sequence));
        Assert.Equal(TokenUsage.Zero, store.Find("r1")!.Usage);
    }

    [SkippableFact]
    public async Task Append_SameEventAgain_IsAlreadyStored_AnotherInItsPlace_IsAConflict()
    {
        var store = Store();
        store.Create("r1", Request(), "m", "o");
        await store.AppendAsync(Started("r1", 1));
        await store.AppendAsync(Usage("r1", 2, 10));

        Assert.Equal(new AppendResult(AppendOutcome.AlreadyStored, 2), await store.TryAppendAsync(Usage("r1", 2, 10)));
        Assert.Equal(new AppendResult(AppendOutcome.Conflict, 2), await store.TryAppendAsync(Usage("r1", 2, 99)));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.AppendAsync(Usage("r1", 2, 10)));

        var stored = Assert.IsType<UsageUpdated>(store.ReadEvents("r1", afterSequence: 1).Single());
        Assert.Equal(10, stored.Usage.InputTokens);
        Assert.Equal(10, store.Find("r1")!.Usage.InputTokens);
    }

    [SkippableFact]
    public async Task Append_UnknownRun_IsRefused()
    {
        var store = Store();
        Assert.Equal(new AppendResult(AppendOutcome.UnknownRun, 0), await store.TryAppendAsync(Started("ghost", 1)));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.AppendAsync(Started("ghost", 1)));
    }

    [SkippableFact]
    public async Task Append_TwoWritersRaceForOneSequence_ExactlyOneWins()
    {
        var store = Store();
        store.Create("r1", Request(), "m", "o");
        await store.AppendAsync(Started("r1", 1));

        for (var sequence = 2L; sequence < 22; sequence++)
        {
            var results = await Task.WhenAll(
                Task.Run(() => store.TryAppendAsync(Usage("r1", sequence, 1))),
                Task.Run(() => store.TryAppendAsync(Usage("r1", sequence, 2))));
            Assert.Single(results, r => r.Outcome == AppendOutcome.Appended);
            Assert.Single(results, r => r.Outcome == AppendOutcome.Conflict);
        }

        Assert.Equal(Enumerable.Range(1, 21).Select(i => (long)i), store.ReadEvents("r1").Select(e => e.Sequence));
    }

    [SkippableFact]
    public async Task Append_ManyRunsAtOnce_EachStreamIsStoredGapFree()
    {
        var store = Store();
        var ids = Enumerable.Range(0, 20).Select(i => $"run-{i}").ToList();
        foreach (var id in ids)
        {
            store.Create(id, Request(), "m", "o");
        }

        await Task.WhenAll(ids.Select(id => Task.Run(async () =>
        {
            foreach (var e in Stream(id))
            {
                await store.AppendAsync(e);
            }
        })));

        foreach (var id in ids)
        {
            Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L], store.ReadEvents(id).Select(e => e.Sequence));
            Assert.Equal(StoredRunStatus.Completed, store.Find(id)!.Status);
        }
    }

    [SkippableFact]
    public async Task Projection_AfterEveryEvent_IsTheFoldOfTheStoredEvents()
    {
        var store = Store();
        store.Create("r1", Request(), "m", "o");
        var stream = new List<ResearchEvent>
        {
            Started("r1", 1),
            Usage("r1", 2, 10),
            new RunFinished(RunStatus.Failed, "model down") { RunId = "r1", Sequence = 3 },
            Started("r1", 4),
            Report("r1", 5),
            Usage("r1", 6, 30),
            new RunFinished(RunStatus.Completed) { RunId = "r1", Sequence = 7 },
        };

        for (var i = 0; i < stream.Count; i++)
        {
            await store.AppendAsync(stream[i]);
            AssertSameProjection(RunProjection.Fold(stream.Take(i + 1)), store.Find("r1")!.Projection);
        }

        var run = store.Find("r1")!;
        Assert.Equal(StoredRunStatus.Completed, run.Status);
        Assert.Null(run.Error);
        Assert.Equal("# Report [[1]]", run.Report);
        Assert.Equal(new TokenUsage(30, 3, 0.25m), run.Usage);
        Assert.Equal("a quote", run.References.Single().Quotes.Single());
    }

    [SkippableFact]
    public async Task Projection_RunStartedAgain_ClearsTheErrorOfTheLastEnd()
    {
        var store = Store();
        store.Create("r1", Request(), "m", "o");
        await store.AppendAsync(Started("r1", 1));
        await store.AppendAsync(new RunFinished(RunStatus.Cancelled, "stopped by the user") { RunId = "r1", Sequence = 2 });
        Assert.Equal((StoredRunStatus.Cancelled, "stopped by the user"), (store.Find("r1")!.Status, store.Find("r1")!.Error));

        await store.AppendAsync(Started("r1", 3));
        Assert.Equal((StoredRunStatus.Running, (string?)null), (store.Find("r1")!.Status, store.Find("r1")!.Error));
    }

    [SkippableFact]
    public void SetStatus_ChangesStatusAndError_UnknownRunIsFalse()
    {
        var store = Store();
        store.Create("r1", Request(), "m", "o");
        Time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(store.SetStatus("r1", StoredRunStatus.NeedsClarification, "asked"));
        var run = store.Find("r1")!;
        Assert.Equal(StoredRunStatus.NeedsClarification, run.Status);
        Assert.Equal("asked", run.Error);
        Assert.Equal(Time.GetUtcNow(), run.UpdatedAt);
        Assert.False(store.SetStatus("nope", StoredRunStatus.Failed));
    }

    [SkippableFact]
    public void List_NewestFirst_ListByOwner_OnlyThatOwners()
    {
        var store = Store();
        foreach (var (id, owner) in new[] { ("a", "key:1"), ("b", "key:2"), ("c", "key:1") })
        {
            store.Create(id, new ResearchRequest { Question = "question " + id }, "m", owner);
            Time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(["c", "b", "a"], store.List().Select(r => r.Id));
        Assert.Equal(["c", "b"], store.List(limit: 2).Select(r => r.Id));
        var mine = store.ListByOwner("key:1");
        Assert.Equal(["c", "a"], mine.Select(r => r.Id));
        Assert.Equal("question c", mine[0].Question);
        Assert.False(mine[0].HasReport);
        Assert.Empty(store.ListByOwner("key:3"));
    }

    [SkippableFact]
    public async Task ListByOwner_SaysWhetherARunHasAReport()
    {
        var store = Store();
        store.Create("r1", Request(), "m", "o");
        await store.AppendAsync(Started("r1", 1));
        await store.AppendAsync(Report("r1", 2));
        var summary = store.ListByOwner("o").Single();
        Assert.True(summary.HasReport);
        Assert.Equal(2, summary.LastSequence);
    }

    [SkippableFact]
    public void ReassignOwner_MovesOnlyThatOwnersRuns()
    {
        var store = Store();
        store.Create("a", Request(), "m", "key:old");
        store.Create("b", Request(), "m", "key:other");
        Assert.Equal(1, store.ReassignOwner("key:old", "key:new"));
        Assert.Equal("key:new", store.Find("a")!.Owner);
        Assert.Equal("key:other", store.Find("b")!.Owner);
        Assert.Equal(0, store.ReassignOwner("key:old", "key:new"));
    }

    [SkippableFact]
    public async Task Delete_RemovesTheRunAndItsEvents()
    {
        var store = Store();
        store.Create("r1", Request(), "m", "o");
        await store.AppendAsync(Started("r1", 1));
        Assert.True(store.Delete("r1"));
        Assert.Null(store.Find("r1"));
        Assert.Empty(store.ReadEvents("r1"));
        Assert.False(store.Delete("r1"));

        // The id is free again, and its sequence starts over.
        store.Create("r1", Request(), "m", "o");
        Assert.True((await store.TryAppendAsync(Started("r1", 1))).Appended);
    }

    [SkippableFact]
    public void MarkInterrupted_OnlyRunningRunsNoLiveNodeHolds()
    {
        var store = Store();
        store.Create("free", Request(), "m", "o");
        store.Create("done", Request(), "m", "o");
        store.SetStatus("done", StoredRunStatus.Completed);
        store.Create("held", Request(), "m", "o");
        Assert.True(store.TryClaim("held", "node-b", TimeSpan.FromMinutes(1)));
        store.Create("mine", Request(), "m", "o");
        Assert.True(store.TryClaim("mine", "node-a", TimeSpan.FromMinutes(1)));

        var marked = store.MarkInterrupted("{id} stopped", node: "node-a");

        Assert.Equal(["free", "mine"], marked.Order(StringComparer.Ordinal));
        Assert.Equal("free stopped", store.Find("free")!.Error);
        Assert.Equal(StoredRunStatus.Interrupted, store.Find("mine")!.Status);
        Assert.Null(store.Find("mine")!.ClaimedBy);
        Assert.Equal(StoredRunStatus.Running, store.Find("held")!.Status);
        Assert.Equal(StoredRunStatus.Completed, store.Find("done")!.Status);

        Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(["held"], store.MarkInterrupted("gone"));
    }

    [SkippableFact]
    public void TryClaim_OneNodeAtATime_UntilTheLeaseExpires()
    {
        var store = Store();
        store.Create("r1", Request(), "m", "o");
        var lease = TimeSpan.FromSeconds(30);

        Assert.True(store.TryClaim("r1", "node-a", lease));
        Assert.False(store.TryClaim("r1", "node-b", lease));
        Assert.Equal("node-a", store.Find("r1")!.ClaimedBy);
        Assert.Equal(Time.GetUtcNow() + lease, store.Find("r1")!.ClaimExpiresAt);

        Time.Advance(TimeSpan.FromSeconds(20));
        Assert.True(store.TryClaim("r1", "node-a", lease)); // a renewal
        Time.Advance(TimeSpan.FromSeconds(20));
        Assert.False(store.TryClaim("r1", "node-b", lease));

        Time.Advance(TimeSpan.FromSeconds(11));
        Assert.True(store.TryClaim("r1", "node-b", lease));
        Assert.Equal("node-b", store.Find("r1")!.ClaimedBy);
        Assert.False(store.TryClaim("r1", "node-a", lease));
        Assert.False(store.TryClaim("ghost", "node-a", lease));
    }

    [SkippableFact]
    public async Task TryClaim_ManyNodesAtOnce_ExactlyOneWins()
    {
        var store = Store();
        store.Create("r1", Request(), "m", "o");
        var won = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => store.TryClaim("r1", $"node-{i}", TimeSpan.FromMinutes(1)))));
        Assert.Single(won, w => w);
    }

    [SkippableFact]
    public void Release_OnlyByTheHolder_FreesTheRun()
    {
        var store = Store();
        store.Create("r1", Request(), "m", "o");
        Assert.True(store.TryClaim("r1", "node-a", TimeSpan.FromMinutes(1)));
        Assert.False(store.Release("r1", "node-b"));
        Assert.True(store.Release("r1", "node-a"));
        Assert.Null(store.Find("r1")!.ClaimedBy);
        Assert.Null(store.Find("r1")!.ClaimExpiresAt);
        Assert.True(store.TryClaim("r1", "node-b", TimeSpan.FromMinutes(1)));
    }

    [SkippableFact]
    public void ListOrphaned_RunningRunsWithNoLiveClaim_OldestFirst()
    {
        var store = Store();
        foreach (var id in new[] { "unclaimed", "held", "expiring", "done" })
        {
            store.Create(id, Request(), "m", "o");
            Time.Advance(TimeSpan.FromSeconds(1));
        }

        store.SetStatus("done", StoredRunStatus.Completed);
        Assert.True(store.TryClaim("held", "node-a", TimeSpan.FromMinutes(10)));
        Assert.True(store.TryClaim("expiring", "node-b", TimeSpan.FromSeconds(5)));
        Assert.Equal(["unclaimed"], store.ListOrphaned());

        Time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(["unclaimed", "expiring"], store.ListOrphaned());
        Assert.Equal(["unclaimed"], store.ListOrphaned(limit: 1));
    }

    private static void AssertSameProjection(RunProjection expected, RunProjection actual)
    {
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.Error, actual.Error);
        Assert.Equal(expected.Report, actual.Report);
        Assert.Equal(expected.Usage, actual.Usage);
        Assert.Equal(expected.References.Select(Describe), actual.References.Select(Describe));
    }

    private static string Describe(Reference r) => $"{r.Index}|{r.Url}|{r.Title}|{string.Join('|', r.Quotes)}";

    private static ResearchRequest Request() => new() { Question = "q" };

    private static RunStarted Started(string id, long sequence) => new("q", new ResearchLimits(), "m") { RunId = id, Sequence = sequence };

    private static UsageUpdated Usage(string id, long sequence, long input) => new(new TokenUsage(input, 3, 0.25m)) { RunId = id, Sequence = sequence };

    private static ReportWritten Report(string id, long sequence) =>
        new("# Report [[1]]", [new Reference(1, "https://example.org/a", "A", "d", ["a quote"])], new VerificationSummary(1, 0, 0, 0)) { RunId = id, Sequence = sequence };

    private static List<ResearchEvent> Stream(string id) =>
    [
        Started(id, 1),
        new RoundStarted(1, "goal", ["query"]) { RunId = id, Sequence = 2 },
        Usage(id, 3, 10),
        Report(id, 4),
        Usage(id, 5, 30),
        new RunFinished(RunStatus.Completed) { RunId = id, Sequence = 6 },
    ];
}
