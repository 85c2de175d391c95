using Fathom.Research;
using Fathom.Sources;

namespace Fathom.Events;

/// <summary>The run was accepted and is about to start (or resume).</summary>
public sealed record RunStarted(string Question, ResearchLimits Limits, string Model, bool Resumed = false) : ResearchEvent;

/// <summary>The run needs answers before it can research well; the run ends after this.</summary>
public sealed record ClarificationRequested(string Text, IReadOnlyList<string> Questions) : ResearchEvent;

/// <summary>The research brief and the outline of the report were drawn up.</summary>
public sealed record PlanCreated(string Brief, IReadOnlyList<string> Outline) : ResearchEvent;

/// <summary>A person reviewed the plan (the run asked for review) and approved it as it was or as they edited it.</summary>
public sealed record PlanApproved(string Brief, IReadOnlyList<string> Outline, bool Edited) : ResearchEvent;

/// <summary>A research round began with a goal and the queries it will search.</summary>
public sealed record RoundStarted(int Round, string Goal, IReadOnlyList<string> Queries) : ResearchEvent;

/// <summary>A search provider failed for one query; the round goes on with the others.</summary>
public sealed record SearchFailed(int Round, string Provider, string Query, string Reason) : ResearchEvent;

/// <summary>The model searched while it decided (a planner surveying the first pages); the search counts against the query budget.</summary>
public sealed record ModelSearched(int Round, string Query, int Results) : ResearchEvent;

/// <summary>The model read a page while it decided; <see cref="Error"/> says why it could not, if it could not. The read counts against the page budget, and the page is not fetched again in the run.</summary>
public sealed record ModelRead(int Round, string Url, string Title, string? Error = null) : ResearchEvent;

/// <summary>
/// The model called an MCP tool while it planned a round (<see cref="Tool"/> <c>tools/list</c>: the
/// server's tools could not be listed). A result is a source of the round at <see cref="Address"/>,
/// read and cited like a page; <see cref="Error"/> says why there is none. <see cref="Called"/>: the
/// server was asked, which counts against the page budget.
/// </summary>
public sealed record ToolCalled(int Round, string Server, string Tool, string Address, int Characters, bool Called, string? Error = null) : ResearchEvent;

/// <summary>The pages chosen for reading in this round, each with its stable source number.</summary>
public sealed record SourcesFound(int Round, IReadOnlyList<SourceCard> Sources) : ResearchEvent;

/// <summary>A page was read and yielded findings, each with a verbatim quote.</summary>
public sealed record PageLearned(int Round, int SourceNumber, string Url, string Title, string Summary, IReadOnlyList<Finding> Findings) : ResearchEvent;

/// <summary>A page could not be read or yielded nothing usable.</summary>
public sealed record PageSkipped(int Round, int SourceNumber, string Url, string Reason) : ResearchEvent;

/// <summary>A round ended; <see cref="Reflection"/> says what is still unknown.</summary>
public sealed record RoundFinished(int Round, int NewFindings, string Reflection) : ResearchEvent;

/// <summary>The research rounds are over; <see cref="StopReason"/> says why they stopped.</summary>
public sealed record ResearchFinished(int Rounds, int Findings, string StopReason) : ResearchEvent;

/// <summary>The verified report: Markdown with [[n]] citations and the references they resolve to.</summary>
public sealed record ReportWritten(string Markdown, IReadOnlyList<Reference> References, VerificationSummary Verification, bool AddressesQuestion = true) : ResearchEvent;

/// <summary>Cumulative token usage and cost so far.</summary>
public sealed record UsageUpdated(TokenUsage Usage) : ResearchEvent;

/// <summary>A limit (rounds, tokens, cost, deadline…) was reached; the run still writes what it can.</summary>
public sealed record LimitReached(LimitKind Limit, string Detail) : ResearchEvent;

/// <summary>A model answer could not be used (bad JSON, invented quote, loop); the run went on without it.</summary>
public sealed record ModelAnswerRejected(string Stage, string Reason) : ResearchEvent;

/// <summary>The run ended. This is always the last event.</summary>
public sealed record RunFinished(RunStatus Status, string? Error = null) : ResearchEvent;
