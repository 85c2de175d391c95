using System.Text.Json.Serialization;

namespace Fathom.Events;

/// <summary>
/// One thing that happened in a research run. A run is a gap-free, ordered stream of these;
/// every surface (CLI, server, storage) consumes the same stream, and the final result is its fold.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(RunStarted), "run_started")]
[JsonDerivedType(typeof(ClarificationRequested), "clarification_requested")]
[JsonDerivedType(typeof(PlanCreated), "plan_created")]
[JsonDerivedType(typeof(PlanApproved), "plan_approved")]
[JsonDerivedType(typeof(RoundStarted), "round_started")]
[JsonDerivedType(typeof(SearchFailed), "search_failed")]
[JsonDerivedType(typeof(ModelSearched), "model_searched")]
[JsonDerivedType(typeof(ModelRead), "model_read")]
[JsonDerivedType(typeof(ToolCalled), "tool_called")]
[JsonDerivedType(typeof(SourcesFound), "sources_found")]
[JsonDerivedType(typeof(PageLearned), "page_learned")]
[JsonDerivedType(typeof(PageSkipped), "page_skipped")]
[JsonDerivedType(typeof(RoundFinished), "round_finished")]
[JsonDerivedType(typeof(ResearchFinished), "research_finished")]
[JsonDerivedType(typeof(ReportWritten), "report_written")]
[JsonDerivedType(typeof(UsageUpdated), "usage_updated")]
[JsonDerivedType(typeof(LimitReached), "limit_reached")]
[JsonDerivedType(typeof(ModelAnswerRejected), "model_answer_rejected")]
[JsonDerivedType(typeof(RunFinished), "run_finished")]
public abstract record ResearchEvent
{
    /// <summary>The run this event belongs to.</summary>
    public string RunId { get; init; } = "";

    /// <summary>Position in the run's stream: 1, 2, 3… with no gaps.</summary>
    public long Sequence { get; init; }

    /// <summary>When the event happened.</summary>
    public DateTimeOffset Timestamp { get; init; }
}
