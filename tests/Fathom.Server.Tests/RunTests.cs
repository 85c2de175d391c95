using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Fathom.Events;
using Fathom.Server.DashScope;
using Fathom.Server.Tests.Support;
using Fathom.Storage;

namespace Fathom.Server.Tests;

/// <summary>Stored runs: replay, reconnect, cancel, resume, survive a disconnect and a killed server, and the per-key limit.</summary>
public sealed class RunTests
{
    private static readonly string Research = ErrorTests.Body(extra: "\"enable_feedback\":false");

    [Fact]
    public async Task ClientDisconnects_RunGoesOnAndCompletes()
    {
        var gate = new StageGate("learn");
        await using var server = await TestServer.StartAsync(TestServer.Engine(new() { Gate = gate.Wait }));
        string runId;
        using (var response = await server.Client.SendAsync(TestServer.Generation(Research), HttpCompletionOption.ResponseHeadersRead))
        {
            runId = response.Headers.GetValues("x-request-id").Single();
            await using var stream = await response.Content.ReadAsStreamAsync();
            await foreach (var frame in StrictSse.ReadAsync(stream, runId))
            {
                break; // read one chunk, then hang up
            }
        }

        await gate.Reached;
        gate.Open();
        var events = await FathomEventStream.CollectAsync(server.Client, runId);
        FathomEventStream.AssertGapFree(events);
        Assert.Equal(RunStatus.Completed, Assert.IsType<RunFinished>(events[^1]).Status);
        using var run = JsonDocument.Parse(await server.Client.GetStringAsync($"/api/v1/research/{runId}"));
        Assert.Equal("completed", run.RootElement.GetProperty("status").GetString());
        Assert.StartsWith("# ", run.RootElement.GetProperty("report").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LastEventId_ReconnectWhileLiveAndAfterwards_ContinuesAtTheNextEvent()
    {
        var gate = new StageGate("write");
        await using var server = await TestServer.StartAsync(TestServer.Engine(new() { Gate = gate.Wait }));
        var runId = await StartAsync(server);
        await gate.Reached;

        // Live: read a few events, hang up, come back with Last-Event-ID, get the rest once the run ends.
        var first = await FathomEventStream.CollectAsync(server.Client, runId, take: 4);
        FathomEventStream.AssertGapFree(first);
        var rest = Task.Run(() => FathomEventStream.CollectAsync(server.Client, runId, after: first[^1].Sequence));
        await Task.Delay(100);
        gate.Open();
        var all = first.Concat(await rest).ToList();
        FathomEventStream.AssertGapFree(all);
        Assert.IsType<RunFinished>(all[^1]);

        // Afterwards: any point of the stored stream.
        var tail = await FathomEventStream.CollectAsync(server.Client, runId, after: 7);
        Assert.Equal(8, tail[0].Sequence);
        Assert.Equal(all.Skip(7).Select(FathomJson.Serialize), tail.Select(FathomJson.Serialize));
    }

    [Fact]
    public async Task Delete_CancelsTheRun_StreamEndsWithErrorAndResumeCompletesIt()
    {
        var gate = new StageGate("round", 2);
        await using var server = await TestServer.StartAsync(TestServer.Engine(new() { Gate = gate.Wait }));
        using var response = await server.Client.SendAsync(TestServer.Generation(Research), HttpCompletionOption.ResponseHeadersRead);
        var runId = response.Headers.GetValues("x-request-id").Single();
        await gate.Reached;

        using var cancel = await server.Client.DeleteAsync($"/api/v1/research/{runId}");
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var frames = StrictSse.Parse(await response.Content.ReadAsStringAsync(), runId);
        Assert.Equal("RequestCancelled", frames[^1].Json.GetProperty("code").GetString());
        Assert.Equal("cancelled", await StatusOf(server, runId));
        using (var again = await server.Client.DeleteAsync($"/api/v1/research/{runId}"))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        gate.Open();
        using var resume = await server.Client.PostAsync($"/api/v1/research/{runId}/resume", null);
        Assert.Equal(HttpStatusCode.Accepted, resume.StatusCode);
        var events = await FathomEventStream.CollectAsync(server.Client, runId);
        FathomEventStream.AssertGapFree(events);
        Assert.Equal([RunStatus.Cancelled, RunStatus.Completed], events.OfType<RunFinished>().Select(f => f.Status));
        Assert.Single(events.OfType<PlanCreated>());
        Assert.Single(events.OfType<RoundStarted>(), r => r.Round == 1);
        Assert.Equal("completed", await StatusOf(server, runId));
        using var done = await server.Client.PostAsync($"/api/v1/research/{runId}/resume", null);
        Assert.Equal(HttpStatusCode.Conflict, done.StatusCode);
    }

    [Fact]
    public async Task ServerKilledMidRun_RestartMarksInterruptedAndResumeLosesAndRepeatsNothing()
    {
        var data = TestServer.NewDataDirectory();
        try
        {
            // A separate server process, killed for real in the middle of the research.
            var portFile = Path.Combine(data, "port");
            using var child = Process.Start(new ProcessStartInfo("dotnet", [typeof(Program).Assembly.Location, "serve", data, portFile, "400"])
            {
                RedirectStandardError = true,
            })!;
            string runId;
            List<ResearchEvent> beforeKill;
            try
            {
                var port = await WaitForPortAsync(portFile, child);
                using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
                client.DefaultRequestHeaders.Authorization = new("Bearer", TestServer.Key);
                using var response = await client.SendAsync(TestServer.Generation(Research), HttpCompletionOption.ResponseHeadersRead);
                runId = response.Headers.GetValues("x-request-id").Single();
                await foreach (var frame in StrictSse.ReadAsync(await response.Content.ReadAsStreamAsync(), runId))
                {
                    if (frame.DeepResearch.TryGetProperty("research", out var r) && r.TryGetProperty("learningMap", out _))
                    {
                        break;
                    }
                }
            }
            finally
            {
                child.Kill(entireProcessTree: true);
                await child.WaitForExitAsync();
            }
            using (var store = SqliteRunStore.Open(data))
            {
                Assert.Equal(StoredRunStatus.Running, store.Find(runId)!.Status);
                beforeKill = [.. store.ReadEvents(runId)];
            }

            // Killed in the middle of round 1: a page learned, the others not yet.
            Assert.Contains(beforeKill, e => e is PageLearned { Round: 1 });
            Assert.DoesNotContain(beforeKill, e => e is RoundFinished or ReportWritten or RunFinished);

            // A new server on the same data: the run is interrupted, and resuming it finishes it.
            using var corpus = await LocalCorpus.CreateAsync(new ScriptedResearchModel(new()));
            await using var server = await TestServer.StartAsync(corpus.Handle.Engine, data);
            Assert.Equal("interrupted", await StatusOf(server, runId));
            using var resume = await server.Client.PostAsync($"/api/v1/research/{runId}/resume", null);
            Assert.Equal(HttpStatusCode.Accepted, resume.StatusCode);
            var events = await FathomEventStream.CollectAsync(server.Client, runId);

            FathomEventStream.AssertGapFree(events);
            Assert.Equal(beforeKill.Select(FathomJson.Serialize), events.Take(beforeKill.Count).Select(FathomJson.Serialize));
            Assert.True(((RunStarted)events[beforeKill.Count]).Resumed);

            // The same steps as a run that was never interrupted: nothing lost, nothing done twice.
            var reference = await FathomEventStream.CollectAsync(server.Client, await StartAsync(server));
            Assert.Equal(FathomEventStream.Steps(reference), FathomEventStream.Steps(events));
            Assert.Equal(reference.OfType<ReportWritten>().Single().Markdown, events.OfType<ReportWritten>().Single().Markdown);
            Assert.Equal("completed", await StatusOf(server, runId));
        }
        finally
        {
            TestServer.TryDelete(data);
        }
    }

    [Fact]
    public async Task ServerStoppedGracefully_RunIsInterruptedAndResumesOnTheNextServer()
    {
        var data = TestServer.NewDataDirectory();
        try
        {
            var gate = new StageGate("learn");
            string runId;
            await using (var first = await TestServer.StartAsync(TestServer.Engine(new() { Gate = gate.Wait }), data))
            {
                using var response = await first.Client.SendAsync(TestServer.Generation(Research), HttpCompletionOption.ResponseHeadersRead);
                runId = response.Headers.GetValues("x-request-id").Single();
                await gate.Reached;
                var body = response.Content.ReadAsStringAsync();
                await first.StopAsync();

                // The open stream is told why it ends and how to go on.
                var last = StrictSse.Parse(await body, runId)[^1];
                Assert.Equal(503, last.HttpStatus);
                Assert.Contains($"/api/v1/research/{runId}/resume", last.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
            }

            await using var second = await TestServer.StartAsync(TestServer.Engine(), data);
            Assert.Equal("interrupted", await StatusOf(second, runId));
            using var resume = await second.Client.PostAsync($"/api/v1/research/{runId}/resume", null);
            Assert.Equal(HttpStatusCode.Accepted, resume.StatusCode);
            var events = await FathomEventStream.CollectAsync(second.Client, runId);
            FathomEventStream.AssertGapFree(events);
            Assert.Equal(RunStatus.Completed, events.OfType<RunFinished>().Single().Status);
        }
        finally
        {
            TestServer.TryDelete(data);
        }
    }

    [Fact]
    public async Task PerKeyLimit_OneRunTooMany_429RateQuotaWhileOtherKeysAndLaterRunsPass()
    {
        var gate = new StageGate("plan");
        await using var server = await TestServer.StartAsync(
            TestServer.Engine(new() { Gate = gate.Wait }), configure: o => o.MaxConcurrentRunsPerKey = 1);
        using var busy = await server.Client.SendAsync(TestServer.Generation(Research), HttpCompletionOption.ResponseHeadersRead);
        await gate.Reached;

        var (throttled, body) = await server.PostAsync(Research);
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        var error = Assert.Single(StrictSse.Parse(body));
        Assert.Equal(429, error.HttpStatus);
        Assert.Equal("Throttling.RateQuota", error.Json.GetProperty("code").GetString());
        var (throttledJson, json) = await server.PostAsync(ErrorTests.Body(extra: "\"enable_feedback\":false,\"stream\":true"), stream: false);
        Assert.Equal(HttpStatusCode.TooManyRequests, throttledJson.StatusCode);
        Assert.StartsWith("{\"code\":\"Throttling.RateQuota\"", json, StringComparison.Ordinal);

        using var other = server.NewClient("sk-other-key");
        using var otherResponse = await other.SendAsync(TestServer.Generation(Research), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, otherResponse.StatusCode);

        gate.Open();
        await busy.Content.ReadAsStringAsync();
        await otherResponse.Content.ReadAsStringAsync();
        var (later, _) = await server.PostAsync(Research);
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    [Fact]
    public async Task AnotherKey_CannotSeeOrTouchTheRun()
    {
        await using var server = await TestServer.StartAsync();
        var runId = await StartAsync(server);
        using var other = server.NewClient("sk-other-key");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/research/{runId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync($"/api/v1/research/{runId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/api/v1/research/{runId}/resume", null)).StatusCode);
        using var anonymous = server.NewClient(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/research/{runId}/events")).StatusCode);
    }

    private static async Task<string> StartAsync(TestServer server)
    {
        using var response = await server.Client.SendAsync(TestServer.Generation(Research), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.GetValues("x-request-id").Single();
    }

    private static async Task<string> StatusOf(TestServer server, string runId)
    {
        using var run = JsonDocument.Parse(await server.Client.GetStringAsync($"/api/v1/research/{runId}"));
        return run.RootElement.GetProperty("status").GetString()!;
    }

    private static async Task<int> WaitForPortAsync(string portFile, Process child)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(portFile))
        {
            if (child.HasExited)
            {
                Assert.Fail($"the server process exited: {await child.StandardError.ReadToEndAsync()}");
            }

            Assert.True(DateTime.UtcNow < deadline, "the server process did not start within 60 s");
            await Task.Delay(50);
        }

        return int.Parse(await File.ReadAllTextAsync(portFile), System.Globalization.CultureInfo.InvariantCulture);
    }
}
