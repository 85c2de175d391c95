using System.Net;
using Fathom.Cluster.Tests.Support;
using Fathom.Events;
using Fathom.Server.Tests.Support;
using Fathom.Storage;
using Fathom.Storage.Postgres;

namespace Fathom.Cluster.Tests;

/// <summary>Three nodes on loopback sharing one PostgreSQL database: a run outlives the node it started on.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterTakeoverTests(TestPostgres postgres)
{
    [Fact]
    public async Task RunStartedOnA_StreamedFromB_FinishesElsewhereWhenAStopsMidRound_GapFreeWithTheUninterruptedReport()
    {
        var database = await postgres.NewDatabaseAsync();
        // Pages of a round finish 150 ms apart, so that a stop lands between two of them.
        var script = new ScriptedResearchModel.Script { Delay = TimeSpan.FromMilliseconds(150), StaggerLearning = true };
        await using var a = await ClusterNode.StartAsync("a", database, ClusterNode.Engine(script));
        await using var b = await ClusterNode.StartAsync("b", database, ClusterNode.Engine(script));
        await using var c = await ClusterNode.StartAsync("c", database, ClusterNode.Engine(script));
        using var store = PostgresRunStore.Open(database);

        using var started = await a.Client.SendAsync(ClusterNode.Generation(), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        var runId = started.Headers.GetValues("x-request-id").Single();
        Assert.True(a.Runs.IsHere(runId), "the node that took the request runs it");

        // B follows the run from the start while it goes on at A.
        var followed = FathomEventStream.CollectAsync(b.Client, runId);
        await WaitUntil(() => store.ReadEvents(runId).Any(e => e is PageLearned { Round: 1 }));
        Assert.False(store.ReadEvents(runId).Any(e => e is RoundFinished), "A stops in the middle of round 1");
        await a.StopAsync();

        var events = await followed.WaitAsync(TimeSpan.FromSeconds(90));
        FathomEventStream.AssertGapFree(events);
        Assert.Equal(events.Select(FathomJson.Serialize), store.ReadEvents(runId).Select(FathomJson.Serialize));
        Assert.Equal(RunStatus.Completed, events.OfType<RunFinished>().Single().Status);
        var resumed = events.OfType<RunStarted>().Where(s => s.Resumed).ToList();
        Assert.Single(resumed);
        Assert.True(b.Runs.IsHere(runId) || c.Runs.IsHere(runId) || store.Find(runId)!.Status == StoredRunStatus.Completed);

        // The same steps and report as a run that no node interrupted.
        using var reference = await b.Client.SendAsync(ClusterNode.Generation(), HttpCompletionOption.ResponseHeadersRead);
        var referenceEvents = await FathomEventStream.CollectAsync(c.Client, reference.Headers.GetValues("x-request-id").Single());
        Assert.Equal(FathomEventStream.Steps(referenceEvents), FathomEventStream.Steps(events));
        Assert.Equal(referenceEvents.OfType<ReportWritten>().Single().Markdown, events.OfType<ReportWritten>().Single().Markdown);
    }

    [Fact]
    public async Task PerKeyQuota_HoldsAcrossNodes()
    {
        var database = await postgres.NewDatabaseAsync();
        var gate = new TaskCompletionSource();
        var script = new ScriptedResearchModel.Script { Gate = async (_, _, ct) => await gate.Task.WaitAsync(ct) };
        await using var a = await ClusterNode.StartAsync("a", database, ClusterNode.Engine(script), runsPerKey: 1);
        await using var b = await ClusterNode.StartAsync("b", database, ClusterNode.Engine(script), runsPerKey: 1);

        using var first = await a.Client.SendAsync(ClusterNode.Generation(), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var runId = first.Headers.GetValues("x-request-id").Single();

        // The key's one run goes on at A: B refuses a second, as A would.
        using var second = await b.Client.SendAsync(ClusterNode.Generation(), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);

        gate.TrySetResult();
        var events = await FathomEventStream.CollectAsync(b.Client, runId);
        Assert.Equal(RunStatus.Completed, events.OfType<RunFinished>().Single().Status);

        // Once it has ended, the slot is free at every node.
        using var third = await b.Client.SendAsync(ClusterNode.Generation(), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        await FathomEventStream.CollectAsync(a.Client, third.Headers.GetValues("x-request-id").Single());
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 600 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        Assert.True(condition(), "timed out waiting");
    }
}
