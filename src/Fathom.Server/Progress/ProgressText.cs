using Fathom.Events;

namespace Fathom.Server.Progress;

/// <summary>
/// One line of plain text per research event, for clients that show progress as text: MCP progress
/// notifications and OpenAI <c>reasoning_content</c>. Events that say nothing to a person give null.
/// </summary>
internal static class ProgressText
{
    public static string? Describe(ResearchEvent e) => e switch
    {
        RunStarted s => s.Resumed ? "Resuming the research." : $"Researching: {s.Question}",
        PlanApproved a => a.Edited ? "The plan was edited and approved." : "The plan was approved.",
        PlanCreated p => $"Plan: {p.Brief}" + (p.Outline.Count > 0 ? $" Outline: {string.Join("; ", p.Outline)}." : ""),
        RoundStarted r => $"Round {r.Round}: {r.Goal} Searching for: {string.Join("; ", r.Queries)}.",
        SearchFailed f => $"Search on {f.Provider} failed for \"{f.Query}\": {f.Reason}",
        ToolCalled t => t.Error is null
            ? $"Called {t.Tool} on MCP server '{t.Server}': {t.Characters} characters, a source at {t.Address}."
            : $"Calling {t.Tool} on MCP server '{t.Server}' gave nothing: {t.Error}",
        SourcesFound f => $"Round {f.Round}: reading {f.Sources.Count} sources" + (f.Sources.Count > 0 ? $": {string.Join("; ", f.Sources.Take(8).Select(s => s.Title))}." : "."),
        PageLearned l => $"Read [{l.SourceNumber}] {l.Title}: {l.Findings.Count} findings.",
        PageSkipped s => $"Skipped [{s.SourceNumber}] {s.Url}: {s.Reason}",
        RoundFinished r => $"Round {r.Round} done: {r.Reflection}",
        ResearchFinished f => $"Research done after {f.Rounds} rounds with {f.Findings} findings ({f.StopReason}). Writing the report.",
        LimitReached l => $"Limit reached ({l.Limit}): {l.Detail}",
        ModelAnswerRejected m => $"A model answer was set aside ({m.Stage}): {m.Reason}",
        ReportWritten w => $"Report written with {w.References.Count} references.",
        _ => null,
    };
}
