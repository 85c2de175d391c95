using Fathom.Events;
using Fathom.Reading;
using Fathom.Research.Support;
using Fathom.Search;
using Fathom.Sources;
using Fathom.Tools;
using Microsoft.Extensions.AI;

namespace Fathom.Research;

/// <summary>
/// The steps of one run, in order, each skipped when the run's events show it already done.
/// Limits are enforced by the run's one <see cref="RunBudget"/>; this is where reaching one is said.
/// </summary>
internal sealed class RunPipeline
{
    private readonly IResearchModel _model;
    private readonly SearchFanOut _search;
    private readonly IPageReader _reader;
    private readonly TimeProvider _time;
    private readonly ResearchRequest _request;
    private readonly RunState _state;
    private readonly EventWriter _events;
    private readonly List<RoundRecord> _rounds = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ReadPage> _pages = new(StringComparer.Ordinal);
    private ResearchPlan? _plan;
    private readonly ResearchLimits _limits;
    private readonly SourceRegistry _sources = new();
    private readonly RunBudget _budget;
    private readonly Func<ResearchPlan, CancellationToken, Task<ResearchPlan>>? _reviewPlan;
    private readonly IEmbeddingGenerator<string, Embedding<float>>? _embedder;
    private readonly List<SearchFailed> _searchFailures = [];
    private readonly List<PageSkipped> _skipped = [];
    private readonly ResearchToolSet _tools;
    private readonly System.Collections.Concurrent.ConcurrentQueue<SearchHit> _toolHits = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ReadPage> _toolResults = new(StringComparer.Ordinal);
    private IReadOnlyList<ModelTool>? _modelTools;
    private int _toolCallsThisRound;

    /// <summary>The most characters of a tool's answer the model is shown; the whole answer is read as a source.</summary>
    private const int MaxToolAnswerChars = 8_000;

    public RunPipeline(
        IResearchModel model, SearchFanOut search, IPageReader reader, TimeProvider time, ResearchRequest request, RunState state, RunBudget budget, EventWriter events,
        Func<ResearchPlan, CancellationToken, Task<ResearchPlan>>? reviewPlan = null, IEmbeddingGenerator<string, Embedding<float>>? embedder = null, ResearchToolSet? tools = null)
    {
        _tools = tools ?? ResearchToolSet.Empty;
        _reviewPlan = reviewPlan;
        _embedder = embedder;
        _model = model;
        _search = search;
        _reader = reader;
        _time = time;
        _request = request;
        _state = state;
        _events = events;
        _limits = request.Limits;
        _budget = budget;
        Restore();
    }

    /// <summary>
    /// How a round's searches and reads run side by side: on the scheduler the run itself runs on
    /// (the thread pool's, unless a host bounds its runs), never escaping a host's bound.
    /// </summary>
    private ParallelOptions Concurrently(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = _limits.Concurrency, CancellationToken = cancellationToken, TaskScheduler = TaskScheduler.Current };

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (_state.Finished is { Status: RunStatus.Completed or RunStatus.NeedsClarification })
        {
            return;
        }

        // The deadline cuts research short; writing gets the caller's token only, so a run that
        // ran out of time still writes the report from what it found.
        using var deadline = _limits.Deadline is { } d
            ? new CancellationTokenSource(d, _time)
            : new CancellationTokenSource();
        using var research = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            await Emit(new RunStarted(_request.Question, _limits, _model.Info.Name, Resumed: _state.Started));
            if (_state.Plan is null)
            {
                if (await ClarifyAsync(research.Token))
                {
                    return;
                }

                await PlanAsync(research.Token);
            }

            if (_request.ReviewPlan && !_state.PlanReviewed && _plan is { } plan)
            {
                await ReviewPlanAsync(plan, research.Token);
            }

            if (!_state.ResearchFinished)
            {
                var stop = await ResearchRoundsAsync(research.Token, deadline.Token);
                await Emit(new ResearchFinished(_rounds.Count, _sources.Findings.Count, stop));
            }

            await WriteAsync(cancellationToken);
            await Emit(new RunFinished(RunStatus.Completed));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await EmitUsage();
            await Emit(new RunFinished(RunStatus.Cancelled, "The run was cancelled; its events are kept and it can be resumed."));
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            // The deadline passed before research began (during clarifying or planning).
            await Emit(new LimitReached(LimitKind.Deadline, LimitMessages.DeadlineBeforeResearch(_limits)));
            await EmitUsage();
            await Emit(new RunFinished(RunStatus.Failed, LimitMessages.DeadlineFailure(_limits)));
        }
        catch (Exception ex)
        {
            // Anything else, including a timeout inside a provider, is a fault of this run.
            await EmitUsage();
            await Emit(new RunFinished(RunStatus.Failed, ex.Message));
        }
    }

    private async Task<bool> ClarifyAsync(CancellationToken cancellationToken)
    {
        if (!_request.AllowClarification || !string.IsNullOrWhiteSpace(_request.ClarificationAnswer))
        {
            return false;
        }

        var clarification = await NoticedAsync(await _model.ClarifyAsync(View(0), cancellationToken));
        if (!clarification.IsNeeded)
        {
            return false;
        }

        await Emit(new ClarificationRequested(clarification.Text, clarification.Questions));
        await EmitUsage();
        await Emit(new RunFinished(RunStatus.NeedsClarification));
        return true;
    }

    private async Task PlanAsync(CancellationToken cancellationToken)
    {
        var plan = await NoticedAsync(await _model.PlanAsync(View(0), cancellationToken));
        _plan = plan;
        await Emit(new PlanCreated(plan.Brief, plan.Outline));
        await EmitUsage();
    }

    /// <summary>Waits for a person to approve or replace the plan; with no reviewer the plan stands as it is.</summary>
    private async Task ReviewPlanAsync(ResearchPlan plan, CancellationToken cancellationToken)
    {
        var reviewed = _reviewPlan is null ? plan : await _reviewPlan(plan, cancellationToken);
        var (outline, error) = PlanOutline.Tidy(reviewed.Outline);
        var approved = error is null ? reviewed with { Outline = outline } : plan;
        _plan = _reviewPlan is null ? approved : approved with { Reviewed = true };
        await Emit(new PlanApproved(approved.Brief, approved.Outline, Edited: !approved.Outline.SequenceEqual(plan.Outline) || approved.Brief != plan.Brief));
    }

    /// <summary>Runs rounds until the model stops, a limit is reached or the deadline passes; returns why research stopped.</summary>
    private async Task<string> ResearchRoundsAsync(CancellationToken research, CancellationToken deadline)
    {
        try
        {
            for (var round = FirstRound(); ; round++)
            {
                if (round > _limits.MaxRounds)
                {
                    return await ReachedAsync(LimitKind.Rounds);
                }

                if (_budget.Reached is { } limit)
                {
                    return await ReachedAsync(limit);
                }

                var snapshot = _state.Rounds.LastOrDefault(r => r.Round == round && !r.Finished);
                string? stop = null;
                if (snapshot is null)
                {
                    _toolCallsThisRound = 0;
                    var view = View(round, await ModelToolsAsync(round, research));
                    var plan = await NoticedAsync(await _model.PlanRoundAsync(view, round, research));
                    var queries = FreshQueries(plan.Queries);
                    if (_budget.Reached is { } refused)
                    {
                        // The model stopped because a limit refused its call: say which.
                        stop = await ReachedAsync(refused);
                    }
                    else if (plan.IsStop || queries.Count == 0)
                    {
                        stop = plan.StopReason ?? "no new queries";
                    }

                    // What the model's tool calls gave is read in a round of its own even when the
                    // model stops: it was paid for, and it is evidence.
                    if (stop is not null)
                    {
                        if (_toolHits.IsEmpty)
                        {
                            return stop;
                        }

                        queries = [];
                    }

                    _rounds.Add(new RoundRecord(round, plan.Goal, queries));
                    await Emit(new RoundStarted(round, plan.Goal, queries));
                    snapshot = new RoundSnapshot(round, plan.Goal, queries);
                }

                await RunRoundAsync(snapshot, research);
                if (stop is not null)
                {
                    return stop;
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return await ReachedAsync(LimitKind.Deadline);
        }
    }

    private async Task RunRoundAsync(RoundSnapshot snapshot, CancellationToken cancellationToken)
    {
        var picked = snapshot.SourcesPicked ? snapshot.Picked : await PickSourcesAsync(snapshot, cancellationToken);
        var hits = picked.Where(s => !snapshot.Done.Contains(s.Number)).ToList();
        var before = _sources.Findings.Count;
        await Parallel.ForEachAsync(
            hits,
            Concurrently(cancellationToken),
            async (card, ct) => await ReadAndLearnAsync(snapshot.Round, card, ct));
        var added = _sources.Findings.Count - before + snapshot.NewFindings;
        var reflection = added == 0
            ? "No new findings this round."
            : $"Learned {LimitMessages.Count(added, "finding", "findings")} from {LimitMessages.Count(hits.Count, "page", "pages")}.";
        _rounds[^1] = _rounds[^1] with { NewFindings = added, Reflection = reflection };
        await Emit(new RoundFinished(snapshot.Round, added, reflection));
        await EmitUsage();
    }

    private async Task<List<SourceCard>> PickSourcesAsync(RoundSnapshot round, CancellationToken cancellationToken)
    {
        var perQuery = new List<SearchHit>[round.Queries.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, round.Queries.Count),
            Concurrently(cancellationToken),
            async (i, ct) =>
            {
                perQuery[i] = [];
                try
                {
                    _budget.TakeQuery();
                }
                catch (BudgetExceededException)
                {
                    return; // The round searches what the query budget still allows.
                }

                var outcome = await _search.SearchAsync(new SearchQuery(round.Queries[i], _limits.ResultsPerQuery), ct);
                foreach (var failure in outcome.Failures)
                {
                    await Emit(new SearchFailed(round.Round, failure.Provider, round.Queries[i], failure.Reason));
                }

                perQuery[i] = [.. outcome.Hits];
            });

        // What the model's tool calls gave comes first: the model asked for it, and it is already read.
        var picked = new List<SourceCard>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (_toolHits.TryDequeue(out var called))
        {
            if (!_sources.Contains(called.Url) && seen.Add(UrlKey.Canonical(called.Url)))
            {
                var card = _sources.Register(called.Url, called.Title, Snippet(called.Snippet));
                _hits[card.Number] = called;
                picked.Add(card);
            }
        }

        // Interleave the queries' results by rank, so each query contributes its best pages first.
        var depth = perQuery.Length == 0 ? 0 : perQuery.Max(h => h.Count);
        for (var rank = 0; rank < depth && picked.Count < _limits.PagesPerRound; rank++)
        {
            foreach (var hits in perQuery)
            {
                if (rank >= hits.Count || picked.Count >= _limits.PagesPerRound)
                {
                    continue;
                }

                var hit = hits[rank];
                if (_sources.Contains(hit.Url) || !seen.Add(UrlKey.Canonical(hit.Url)))
                {
                    continue;
                }

                var card = _sources.Register(hit.Url, hit.Title, Snippet(hit.Snippet));
                _hits[card.Number] = hit;
                picked.Add(card);
            }
        }

        await Emit(new SourcesFound(round.Round, picked));
        return picked;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, SearchHit> _hits = new();

    private async Task ReadAndLearnAsync(int round, SourceCard card, CancellationToken cancellationToken)
    {
        // A spent budget stops new model work at once rather than at the end of the round, so a
        // round of many pages cannot overshoot the budget by more than the calls already in flight.
        if (_budget.ModelLimitReached is { } spent)
        {
            await Emit(new PageSkipped(round, card.Number, card.Url, LimitMessages.PageNotRead(spent)));
            return;
        }

        var hit = _hits.GetValueOrDefault(card.Number) ?? new SearchHit(card.Url, card.Title, card.Description, 0, "");
        // A page the model read while planning is not fetched again.
        if (!_pages.TryGetValue(UrlKey.Canonical(card.Url), out var page))
        {
            try
            {
                _budget.TakePage();
            }
            catch (BudgetExceededException ex)
            {
                await Emit(new PageSkipped(round, card.Number, card.Url, LimitMessages.PageNotRead(ex.Limit)));
                return;
            }

            try
            {
                page = await ReadPageAsync(hit, cancellationToken);
            }
            catch (PageReadException ex)
            {
                await Emit(new PageSkipped(round, card.Number, card.Url, ex.Message));
                return;
            }
        }

        if (page is null || string.IsNullOrWhiteSpace(page.Text))
        {
            await Emit(new PageSkipped(round, card.Number, card.Url, page is null ? "no reader handles this address" : "the page has no readable text"));
            return;
        }

        var learning = await NoticedAsync(await _model.LearnAsync(View(round), page, card, cancellationToken));
        var findings = learning.Findings.Where(f => f.SourceNumber == card.Number).ToList();
        if (findings.Count == 0)
        {
            await Emit(new PageSkipped(round, card.Number, card.Url, UnusableSources.NothingRelevant));
            return;
        }

        _sources.AddFindings(findings);
        await Emit(new PageLearned(round, card.Number, card.Url, page.Title.Length > 0 ? page.Title : card.Title, learning.Summary, findings));
    }

    private async Task WriteAsync(CancellationToken cancellationToken)
    {
        if (_state.Report is not null)
        {
            return;
        }

        // With no source to write from, the report says why rather than asking a model to write from nothing.
        if (UnusableSources.Diagnose(_sources.Sources.Count, _sources.Findings.Count, _searchFailures, _skipped) is { } trouble)
        {
            await Emit(new ReportWritten(UnusableSources.Compose(_request.Question, trouble), [], new VerificationSummary(0, 0, 0, 0), AddressesQuestion: false));
            await EmitUsage();
            return;
        }

        var draft = await NoticedAsync(await _model.WriteAsync(View(_rounds.Count), cancellationToken));
        var verified = ReferenceNumbering.Apply(await ReportVerifier.VerifyAsync(draft.Markdown, _sources, _limits.ReportWordBudget, _embedder, cancellationToken));
        await Emit(new ReportWritten(verified.Markdown, verified.References, verified.Summary, draft.AddressesQuestion));
        await EmitUsage();
        if (_budget.Reached is { } limit && !_state.LimitsHit.Contains(limit))
        {
            await ReachedAsync(limit);
        }
    }

    private List<string> FreshQueries(IReadOnlyList<string> queries)
    {
        var used = new HashSet<string>(_rounds.SelectMany(r => r.Queries).Select(Normalize), StringComparer.Ordinal);
        return queries
            .Select(q => q.Trim())
            .Where(q => q.Length > 0 && used.Add(Normalize(q)))
            .Take(_limits.QueriesPerRound)
            .ToList();

        static string Normalize(string q) => string.Join(' ', Text.Words.Tokens(q));
    }

    private int FirstRound() => _state.Rounds.Count == 0 ? 1 : _state.Rounds[^1].Finished ? _state.Rounds[^1].Round + 1 : _state.Rounds[^1].Round;

    /// <summary>Says that research stopped at <paramref name="limit"/>; returns the stop reason (the limit's name).</summary>
    private async Task<string> ReachedAsync(LimitKind limit)
    {
        await Emit(new LimitReached(limit, LimitMessages.Reached(limit, _budget)));
        return LimitMessages.Name(limit);
    }

    /// <summary>The run as it stands, for a stage of round <paramref name="round"/> (0 before the rounds), with the tools the stage may call.</summary>
    private RunSnapshot View(int round, IReadOnlyList<ModelTool>? tools = null) => new(_request, _budget, new Lookup(this, round))
    {
        Plan = _plan,
        Rounds = [.. _rounds],
        Sources = [.. _sources.Sources],
        Findings = _sources.Findings,
        Tools = tools is null ? [] : [.. tools.Select(t => new RunToolFunction(t, (tool, arguments, ct) => CallToolAsync(round, tool, arguments, ct)))],
    };

    /// <summary>
    /// The allowed MCP tools other than <c>search</c> and <c>fetch</c>, listed once per run, for a
    /// language model; the built-in model calls no tools, so for it no server is even asked.
    /// </summary>
    private async Task<IReadOnlyList<ModelTool>> ModelToolsAsync(int round, CancellationToken cancellationToken)
    {
        if (_modelTools is { } known)
        {
            return known;
        }

        if (!_tools.OffersModelTools || !_model.Info.IsLanguageModel)
        {
            return _modelTools = [];
        }

        var offer = await _tools.ModelToolsAsync(cancellationToken);
        foreach (var (server, reason) in offer.Failures)
        {
            await Emit(new ToolCalled(round, server, "tools/list", "", 0, Called: false, reason));
        }

        return _modelTools = offer.Tools;
    }

    /// <summary>
    /// One call of a tool by the model: bounded per round, counted against the page budget, recorded
    /// as an event; what it gives is a page of the run, read and cited in the round as a source. A
    /// call that fails tells the model and the stream why, and the run goes on.
    /// </summary>
    private async Task<string> CallToolAsync(int round, ModelTool tool, AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        var given = arguments.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        var address = tool.Address(given);
        if (_toolResults.TryGetValue(address, out var earlier))
        {
            return ForModel(earlier);
        }

        if (Interlocked.Increment(ref _toolCallsThisRound) > _limits.QueriesPerRound)
        {
            return await RefusedAsync($"not called: the round's {LimitMessages.Count(_limits.QueriesPerRound, "tool call", "tool calls")} are made");
        }

        try
        {
            _budget.TakePage();
        }
        catch (BudgetExceededException ex)
        {
            return await RefusedAsync(LimitMessages.ToolNotCalled(ex.Limit));
        }

        ToolDocument document;
        try
        {
            document = await tool.CallAsync(given, cancellationToken);
        }
        catch (McpToolException ex)
        {
            await Emit(new ToolCalled(round, tool.Server, tool.Tool, address, 0, Called: true, ex.Message));
            return $"The call failed: {ex.Message}";
        }

        var page = new ReadPage(document.Address, document.Title, document.Text);
        _toolResults[address] = page;
        if (_pages.TryAdd(UrlKey.Canonical(document.Address), page))
        {
            _toolHits.Enqueue(new SearchHit(document.Address, document.Title, document.Text, 1.0, "mcp:" + tool.Server));
        }

        await Emit(new ToolCalled(round, tool.Server, tool.Tool, document.Address, document.Text.Length, Called: true));
        return ForModel(page);

        async Task<string> RefusedAsync(string why)
        {
            await Emit(new ToolCalled(round, tool.Server, tool.Tool, address, 0, Called: false, why));
            return $"The tool was {why}.";
        }

        static string ForModel(ReadPage page) =>
            $"Source {page.Url} ({page.Title}), added to the research: it is read for findings and cited like a page.\n\n"
            + (page.Text.Length <= MaxToolAnswerChars ? page.Text : page.Text[..MaxToolAnswerChars] + " …");
    }

    /// <summary>Records a stage's notices as events and returns its answer.</summary>
    private async Task<T> NoticedAsync<T>(StageResult<T> result)
    {
        foreach (var notice in result.Notices)
        {
            await Emit(notice);
        }

        return result.Value;
    }

    /// <summary>Reads a page once per run: later asks for the same address get the page already read.</summary>
    private async Task<ReadPage?> ReadPageAsync(SearchHit hit, CancellationToken cancellationToken)
    {
        var page = await _reader.ReadAsync(hit, cancellationToken);
        if (page is not null && !string.IsNullOrWhiteSpace(page.Text))
        {
            _pages.TryAdd(UrlKey.Canonical(hit.Url), page);
        }

        return page;
    }

    private Task EmitUsage() => _events.WriteUsageAsync();

    private Task Emit(ResearchEvent e)
    {
        switch (e)
        {
            case SearchFailed failed:
                _searchFailures.Add(failed);
                break;
            case PageSkipped skipped:
                _skipped.Add(skipped);
                break;
        }

        if (e is LimitReached l)
        {
            _state.NoteLimit(l.Limit);
        }

        return _events.WriteAsync(e);
    }

    private static string Snippet(string text) => text.Length <= 300 ? text : text[..300].TrimEnd() + "…";

    /// <summary>Rebuilds what the stages see from the events of an earlier attempt at this run.</summary>
    private void Restore()
    {
        foreach (var card in _state.Sources)
        {
            _sources.Restore(card);
        }

        _sources.AddFindings(_state.Findings);
        _searchFailures.AddRange(_state.SearchFailures);
        _skipped.AddRange(_state.Skipped);
        if (_state.Plan is { } plan)
        {
            _plan = new ResearchPlan(plan.Brief, plan.Outline) { Reviewed = _state.PlanReviewed };
        }

        _rounds.AddRange(_state.Rounds.Select(r => new RoundRecord(r.Round, r.Goal, r.Queries, r.NewFindings, r.Reflection)));
    }

    /// <summary>Search and read for a stage, through the run: each is an event and counts against the budget.</summary>
    private sealed class Lookup(RunPipeline run, int round) : IRunLookup
    {
        public async Task<IReadOnlyList<SearchHit>> SearchAsync(string query, int maxResults, CancellationToken cancellationToken)
        {
            try
            {
                run._budget.TakeQuery();
            }
            catch (BudgetExceededException)
            {
                return [];
            }

            var outcome = await run._search.SearchAsync(new SearchQuery(query, maxResults), cancellationToken);
            foreach (var failure in outcome.Failures)
            {
                await run.Emit(new SearchFailed(round, failure.Provider, query, failure.Reason));
            }

            await run.Emit(new ModelSearched(round, query, outcome.Hits.Count));
            return outcome.Hits;
        }

        public async Task<ReadPage?> ReadAsync(SearchHit hit, CancellationToken cancellationToken)
        {
            if (run._pages.TryGetValue(UrlKey.Canonical(hit.Url), out var known))
            {
                return known;
            }

            try
            {
                run._budget.TakePage();
            }
            catch (BudgetExceededException)
            {
                return null;
            }

            try
            {
                var page = await run.ReadPageAsync(hit, cancellationToken);
                await run.Emit(new ModelRead(round, hit.Url, page?.Title ?? hit.Title, page is null ? "no reader handles this address" : null));
                return page;
            }
            catch (PageReadException ex)
            {
                await run.Emit(new ModelRead(round, hit.Url, hit.Title, ex.Message));
                return null;
            }
        }
    }
}
