using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Fathom.Events;
using Fathom.Reading;
using Fathom.Research;
using Fathom.Search;
using Fathom.Tools;
using Microsoft.Extensions.AI;

namespace Fathom.Research;

/// <summary>
/// Runs research: clarify → plan → rounds of search, read and learn → write → verify, as a stream
/// of events. The engine is host-agnostic; the CLI, the server and storage all consume this stream.
/// </summary>
public sealed class ResearchEngine(IResearchModel model, IReadOnlyList<ISearchProvider> searchProviders, IPageReader reader, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>The model the engine researches with.</summary>
    public IResearchModel Model => model;

    /// <summary>Opens the MCP servers of each run (<c>--mcp</c> and the request's <c>research_tools</c>).</summary>
    public ResearchToolConnector Tools { get; init; } = new();

    /// <summary>
    /// Sentence embeddings the report's verifier judges paraphrases with (a cited sentence in its own
    /// words that means what a quote says); without one, only sentences contained in a quote are kept.
    /// </summary>
    public IEmbeddingGenerator<string, Embedding<float>>? Embedder { get; init; }

    /// <summary>Whether the engine has a source of its own (a corpus, a web search) besides MCP servers.</summary>
    public bool HasSearchProviders => searchProviders.Count > 0;

    /// <summary>
    /// Starts a run, or resumes one when <paramref name="history"/> holds its earlier events: the
    /// run then continues at the first step that has no event yet, numbering on from the last event.
    /// </summary>
    /// <exception cref="ArgumentException">The request's limits are out of range.</exception>
    public IAsyncEnumerable<ResearchEvent> RunAsync(
        ResearchRequest request,
        string? runId = null,
        IReadOnlyList<ResearchEvent>? history = null,
        CancellationToken cancellationToken = default) => RunAsync(request, runId, history, null, cancellationToken);

    /// <summary>
    /// As <see cref="RunAsync(ResearchRequest, string?, IReadOnlyList{ResearchEvent}?, CancellationToken)"/>; a run whose
    /// request asks for plan review waits after planning for <paramref name="planReviewer"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The request's limits are out of range.</exception>
    public IAsyncEnumerable<ResearchEvent> RunAsync(
        ResearchRequest request,
        string? runId,
        IReadOnlyList<ResearchEvent>? history,
        IPlanReviewer? planReviewer,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Question);
        request.Limits.Validate();
        return Stream(request, runId ?? NewRunId(), history ?? [], planReviewer, cancellationToken);
    }

    /// <summary>A new run id: a UUID, as the hosted API's request ids are.</summary>
    public static string NewRunId() => Guid.NewGuid().ToString();

    private async IAsyncEnumerable<ResearchEvent> Stream(
        ResearchRequest request,
        string runId,
        IReadOnlyList<ResearchEvent> history,
        IPlanReviewer? planReviewer,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Bounded on purpose: a slow reader slows the research instead of growing memory.
        var channel = Channel.CreateBounded<ResearchEvent>(new BoundedChannelOptions(256) { SingleReader = true });
        var state = RunState.Fold(history);
        using var abandoned = new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var budget = new RunBudget(request.Limits, state.Usage, state.Queries, state.Pages);
        var writer = new EventWriter(runId, state.LastSequence, state.Usage, () => budget.Spent, channel.Writer, _time, abandoned.Token);
        await using var tools = Tools.Open(request.ResearchTools);
        var (providers, runReader) = tools.IsEmpty
            ? (searchProviders, reader)
            : ([.. searchProviders, .. tools.SearchProviders], new ReaderChain([.. tools.Readers, reader]));
        Func<ResearchPlan, CancellationToken, Task<ResearchPlan>>? review = planReviewer is null ? null : (plan, ct) => planReviewer.ReviewAsync(runId, plan, ct);
        var pipeline = new RunPipeline(model, new SearchFanOut(providers), runReader, _time, request, state, budget, writer, review, Embedder, tools);
        // On the caller's scheduler, not the thread pool's: a host that bounds how many threads its
        // runs may take (the server does, so that its requests are always answered) bounds this too.
        var producer = Task.Factory.StartNew(async () =>
        {
            using var telemetry = Diagnostics.FathomTelemetry.StartRun(runId);
            try
            {
                await pipeline.RunAsync(linked.Token);
            }
            catch (OperationCanceledException) when (abandoned.IsCancellationRequested)
            {
                // The reader went away; nothing is left to tell.
            }
            finally
            {
                channel.Writer.TryComplete();
            }
        }, CancellationToken.None, TaskCreationOptions.DenyChildAttach, TaskScheduler.Current).Unwrap();

        try
        {
            await foreach (var e in channel.Reader.ReadAllAsync(CancellationToken.None))
            {
                yield return tools.Annotate(e);
            }
        }
        finally
        {
            if (!producer.IsCompleted)
            {
                // The reader stopped early: stop the run and let its writes fall through.
                await linked.CancelAsync();
                await abandoned.CancelAsync();
            }

            await producer;
        }
    }
}
