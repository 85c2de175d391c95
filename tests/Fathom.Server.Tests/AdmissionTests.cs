using System.Diagnostics;
using System.Net;
using Fathom.Server.DashScope;
using Fathom.Server.Tests.Support;

namespace Fathom.Server.Tests;

/// <summary>The server-wide limit on runs: a run beyond it waits, its stream open and saying so; beyond the queue, 503 at once.</summary>
public sealed class AdmissionTests
{
    private const string Research = """{"model":"qwen-deep-research","input":{"messages":[{"role":"user","content":"Research AI in education"}]},"parameters":{"enable_feedback":false}}""";

    [Fact]
    public async Task RunBeyondTheLimit_SaysItIsQueuedAtOnce_ThenRuns_AndAFullQueueIsRefused()
    {
        var gate = new StageGate("learn");
        await using var server = await TestServer.StartAsync(TestServer.Engine(new() { Gate = gate.Wait }), configure: o =>
        {
            o.MaxConcurrentRuns = 1;
            o.MaxQueuedRuns = 1;
        });
        using var first = await server.Client.SendAsync(TestServer.Generation(Research), HttpCompletionOption.ResponseHeadersRead);
        await gate.Reached;

        var clock = Stopwatch.StartNew();
        using var second = await server.Client.SendAsync(TestServer.Generation(Research), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var secondId = second.Headers.GetValues("x-request-id").Single();
        await using var secondStream = await second.Content.ReadAsStreamAsync();
        var frames = StrictSse.ReadAsync(secondStream, secondId).GetAsyncEnumerator();
        Assert.True(await frames.MoveNextAsync());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the first frame took {clock.Elapsed}");
        Assert.Equal(DashScopePhase.KeepAlive, frames.Current.Phase);
        Assert.StartsWith("Queued:", frames.Current.Content, StringComparison.Ordinal);

        var (third, body) = await server.PostAsync(Research);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, third.StatusCode);
        var refusal = Assert.Single(StrictSse.Parse(body));
        Assert.Equal("ServiceUnavailable", refusal.Json.GetProperty("code").GetString());
        Assert.Contains("1 wait", refusal.Json.GetProperty("message").GetString(), StringComparison.Ordinal);

        gate.Open();
        var rest = new List<SseFrame> { frames.Current };
        while (await frames.MoveNextAsync())
        {
            rest.Add(frames.Current);
        }

        StrictSse.AssertResearchMachine(rest);
        Assert.Equal(HttpStatusCode.OK, (await server.PostAsync(Research)).Response.StatusCode);
    }

    [Fact]
    public async Task QueuedRunCancelled_EndsWithoutEverRunning()
    {
        var gate = new StageGate("learn");
        await using var server = await TestServer.StartAsync(TestServer.Engine(new() { Gate = gate.Wait }), configure: o =>
        {
            o.MaxConcurrentRuns = 1;
            o.MaxQueuedRuns = 4;
        });
        using var first = await server.Client.SendAsync(TestServer.Generation(Research), HttpCompletionOption.ResponseHeadersRead);
        await gate.Reached;
        using var second = await server.Client.SendAsync(TestServer.Generation(Research), HttpCompletionOption.ResponseHeadersRead);
        var secondId = second.Headers.GetValues("x-request-id").Single();

        using var cancel = await server.Client.DeleteAsync($"/api/v1/research/{secondId}");
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var events = await FathomEventStream.CollectAsync(server.Client, secondId);
        Assert.Equal(Fathom.Events.RunStatus.Cancelled, Assert.IsType<Fathom.Events.RunFinished>(events[^1]).Status);
        gate.Open();
    }
}
