using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Fathom.Composition;
using Fathom.Diagnostics;
using Fathom.Research;
using Fathom.Tests.Support;
using Microsoft.Extensions.AI;

namespace Fathom.Tests.Diagnostics;

/// <summary>The one ActivitySource and Meter named Fathom, as a listener sees them during a run of the composed engine.</summary>
public sealed class TelemetryTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ConcurrentBag<Activity> _activities = [];
    private readonly ConcurrentDictionary<string, long> _counts = new();
    private readonly ActivityListener _spans;
    private readonly MeterListener _meters = new();

    public TelemetryTests()
    {
        _spans = new ActivityListener
        {
            ShouldListenTo = s => s.Name == FathomTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _activities.Add,
        };
        ActivitySource.AddActivityListener(_spans);
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == FathomTelemetry.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((i, value, _, _) => _counts.AddOrUpdate(i.Name, value, (_, n) => n + value));
        _meters.SetMeasurementEventCallback<double>((i, _, _, _) => _counts.AddOrUpdate(i.Name, 1, (_, n) => n + 1));
        _meters.Start();
    }

    public void Dispose()
    {
        _spans.Dispose();
        _meters.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task ComposedEngineRun_SpansNestUnderTheRun_AndRunsRoundsSearchesReadsAreCounted()
    {
        var corpus = Directory.CreateDirectory(_dir.File("corpus")).FullName;
        await File.WriteAllTextAsync(Path.Combine(corpus, "tides.md"), "# Tides\n\nThe Moon's gravity raises tides in the oceans. Spring tides happen at full and new moon.");
        using var handle = await EngineFactory.CreateAsync(new EngineOptions { Model = new ScriptedResearchModel(), CorpusDirectory = corpus, IndexPath = _dir.File("index.db") });
        var runId = "telemetry-" + Guid.NewGuid();

        await foreach (var _ in handle.Engine.RunAsync(new ResearchRequest { Question = "What raises tides?", AllowClarification = false }, runId))
        {
        }

        var run = Assert.Single(_activities, a => a.OperationName == "fathom.run" && (string?)a.GetTagItem("fathom.run.id") == runId);
        Assert.Equal("Completed", run.GetTagItem("fathom.run.status"));
        var children = _activities.Where(a => a.TraceId == run.TraceId && a != run).ToList();
        Assert.Contains(children, a => a.OperationName == "fathom.search" && (string?)a.GetTagItem("fathom.search.provider") == "local");
        Assert.Contains(children, a => a.OperationName == "fathom.read" && (string?)a.GetTagItem("fathom.outcome") == "ok");
        Assert.All(children, a => Assert.DoesNotContain(a.Tags, t => t.Value?.Contains("tides", StringComparison.OrdinalIgnoreCase) == true));

        _meters.RecordObservableInstruments();
        foreach (var name in new[] { "fathom.runs.started", "fathom.runs.finished", "fathom.run.duration", "fathom.rounds", "fathom.searches", "fathom.search.duration", "fathom.reads", "fathom.read.duration" })
        {
            Assert.True(_counts.GetValueOrDefault(name) >= 1, $"{name} was not recorded");
        }
    }

    [Fact]
    public async Task ChatClient_CallsAndTokensAreCounted()
    {
        using var client = new TelemetryChatClient(new FixedChatClient());
        await client.GetResponseAsync("hello", new ChatOptions { ModelId = "scripted" });
        await foreach (var _ in client.GetStreamingResponseAsync("hello", new ChatOptions { ModelId = "scripted" }))
        {
        }

        Assert.True(_counts.GetValueOrDefault("fathom.model.calls") >= 2);
        Assert.True(_counts.GetValueOrDefault("fathom.model.tokens") >= 2 * (7 + 3));
        Assert.True(_counts.GetValueOrDefault("fathom.model.call.duration") >= 2);
        Assert.Equal(2, _activities.Count(a => a.OperationName == "fathom.model" && (string?)a.GetTagItem("fathom.model") == "scripted"));
    }

    /// <summary>A language model that answers "ok" for 7 input and 3 output tokens.</summary>
    private sealed class FixedChatClient : IChatClient
    {
        private static readonly UsageDetails Usage = new() { InputTokenCount = 7, OutputTokenCount = 3 };

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")) { Usage = Usage });

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, "ok");
            yield return new ChatResponseUpdate { Contents = [new UsageContent(Usage)] };
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
