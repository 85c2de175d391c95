using System.Globalization;
using System.Text;
using Fathom.Events;
using Fathom.Sources;

namespace Fathom.Server.DashScope;

/// <summary>
/// Turns a run's events into the chunks of the hosted service's stream, following its phase and
/// status machine: clarifying questions as <c>answer</c>; the plan as <c>ResearchPlanning</c>;
/// each round as <c>WebResearch</c> queries and goal, found pages, per-page learning, and
/// <c>WebResultFinished</c>; the report as <c>answer</c> with the references on its first chunk.
/// One mapper serves one stream; it keeps the usage so far and, when the caller asked for full
/// text (<c>incremental_output: false</c>), the text so far of the current phase and round.
/// </summary>
public sealed class DashScopeStreamMapper(bool incremental, bool thinkingStatus)
{
    private readonly StringBuilder _phaseText = new();
    private readonly StringBuilder _roundQuery = new();
    private readonly StringBuilder _roundGoal = new();
    private readonly Dictionary<string, string> _learning = new(StringComparer.Ordinal);
    private string? _phase;
    private int _round;
    private ChunkUsage _usage;

    /// <summary>The usage the next chunk will carry.</summary>
    public ChunkUsage Usage => _usage;

    /// <summary>The chunks that stand for one event; most bookkeeping events stand for none.</summary>
    public IReadOnlyList<DashScopeChunk> Map(ResearchEvent e)
    {
        var chunks = new List<DashScopeChunk>(2);
        switch (e)
        {
            case UsageUpdated u:
                _usage = new ChunkUsage(u.Usage.InputTokens, u.Usage.OutputTokens);
                break;
            case ClarificationRequested c:
                Enter(DashScopePhase.Answer);
                foreach (var piece in Pieces(ClarificationText(c)))
                {
                    chunks.Add(Text(DashScopePhase.Answer, piece, DeepResearchPayload.Empty));
                }

                break;
            case PlanCreated p:
                Enter(DashScopePhase.ResearchPlanning);
                chunks.Add(Text(DashScopePhase.ResearchPlanning, p.Brief, DeepResearchPayload.Empty));
                if (p.Outline.Count > 0)
                {
                    var outline = new StringBuilder("\n\n");
                    for (var i = 0; i < p.Outline.Count; i++)
                    {
                        outline.Append(CultureInfo.InvariantCulture, $"{i + 1}. {p.Outline[i]}\n");
                    }

                    chunks.Add(Text(DashScopePhase.ResearchPlanning, outline.ToString(), DeepResearchPayload.Empty));
                }

                chunks.Add(Finished(DashScopePhase.ResearchPlanning));
                break;
            case RoundStarted r:
                Enter(DashScopePhase.WebResearch);
                StartRound(r.Round);
                for (var i = 0; i < r.Queries.Count; i++)
                {
                    // Queries of one round stream as one text, a query a line.
                    var delta = i == 0 ? r.Queries[i] : "\n" + r.Queries[i];
                    _roundQuery.Append(delta);
                    chunks.Add(Research(Queries, new ResearchProgress(r.Round, Query: incremental ? delta : _roundQuery.ToString())));
                }

                if (r.Goal.Length > 0)
                {
                    _roundGoal.Append(r.Goal);
                    chunks.Add(Research(Queries, new ResearchProgress(r.Round, Query: "", ResearchGoal: incremental ? r.Goal : _roundGoal.ToString())));
                }

                break;
            case SourcesFound s when s.Sources.Count > 0:
                Enter(DashScopePhase.WebResearch);
                StartRound(s.Round);
                chunks.Add(Research(WebResult, new ResearchProgress(s.Round, WebSites: [.. s.Sources.Select(Site)])));
                break;
            case PageLearned l:
                Enter(DashScopePhase.WebResearch);
                StartRound(l.Round);
                chunks.Add(Research(WebResult, new ResearchProgress(l.Round, LearningMap: [Learning(l)])));
                break;
            case RoundFinished f:
                Enter(DashScopePhase.WebResearch);
                chunks.Add(Chunk(DashScopePhase.WebResearch, DashScopeStatus.WebResultFinished, "", new DeepResearchPayload(new ResearchProgress(f.Round))));
                break;
            case ResearchFinished:
                Enter(DashScopePhase.WebResearch);
                chunks.Add(Chunk(DashScopePhase.WebResearch, DashScopeStatus.Finished, "", DeepResearchPayload.Empty));
                break;
            case ReportWritten w:
                Enter(DashScopePhase.Answer);
                var references = new DeepResearchPayload(References: [.. w.References.Select(Reference)]);
                var first = true;
                foreach (var piece in Pieces(w.Markdown))
                {
                    chunks.Add(Text(DashScopePhase.Answer, piece, first ? references : DeepResearchPayload.Empty));
                    first = false;
                }

                if (first)
                {
                    chunks.Add(Text(DashScopePhase.Answer, "", references));
                }

                break;
            case RunFinished { Status: RunStatus.Completed or RunStatus.NeedsClarification }:
                // The answer's finished chunk waits for the end of the run so that it carries the final usage.
                chunks.Add(Finished(DashScopePhase.Answer));
                break;
        }

        return chunks;
    }

    /// <summary>The chunk sent when nothing else was sent for a while, so that proxies and clients keep the connection.</summary>
    public DashScopeChunk KeepAlive() => new(DashScopePhase.KeepAlive, DashScopeStatus.Typing, "", DeepResearchPayload.Empty, _usage);

    /// <summary>The error that ends the stream of a run that did not end well, or null for one that did.</summary>
    public static DashScopeError? ErrorFor(RunFinished finished, string runId) => finished.Status switch
    {
        RunStatus.Failed => DashScopeError.Internal(
            $"The research run failed: {finished.Error} Its events are kept; POST /api/v1/research/{runId}/resume continues it."),
        RunStatus.Cancelled => new DashScopeError(
            400, "RequestCancelled", $"The run was cancelled. Its events are kept; POST /api/v1/research/{runId}/resume continues it."),
        _ => null,
    };

    private string Queries => thinkingStatus ? DashScopeStatus.StreamingThinking : DashScopeStatus.StreamingQueries;

    private string WebResult => thinkingStatus ? DashScopeStatus.StreamingThinking : DashScopeStatus.StreamingWebResult;

    private void Enter(string phase)
    {
        if (_phase != phase)
        {
            _phase = phase;
            _phaseText.Clear();
        }
    }

    private void StartRound(int round)
    {
        if (_round != round)
        {
            _round = round;
            _roundQuery.Clear();
            _roundGoal.Clear();
            _learning.Clear();
        }
    }

    private DashScopeChunk Text(string phase, string delta, DeepResearchPayload payload)
    {
        _phaseText.Append(delta);
        return Chunk(phase, DashScopeStatus.Typing, incremental ? delta : _phaseText.ToString(), payload);
    }

    private DashScopeChunk Finished(string phase) =>
        Chunk(phase, DashScopeStatus.Finished, incremental ? "" : _phaseText.ToString(), DeepResearchPayload.Empty);

    private DashScopeChunk Research(string status, ResearchProgress progress) =>
        Chunk(DashScopePhase.WebResearch, status, "", new DeepResearchPayload(progress));

    private DashScopeChunk Chunk(string phase, string status, string content, DeepResearchPayload payload) =>
        new(phase, status, content, payload, _usage);

    private KeyValuePair<string, string> Learning(PageLearned l)
    {
        var key = l.SourceNumber.ToString(CultureInfo.InvariantCulture);
        var summary = l.Summary.Length > 0 ? l.Summary : l.Findings.FirstOrDefault()?.Claim ?? "";
        var full = _learning.TryGetValue(key, out var before) ? before + summary : summary;
        _learning[key] = full;
        return new(key, incremental ? summary : full);
    }

    private static WebSite Site(SourceCard card) => new(card.Description, card.Title, "", card.Url);

    private static ChunkReference Reference(Reference r) => new("", Describe(r), r.Index, r.Title, r.Url);

    private static string Describe(Reference r) => r.Description.Length > 0 ? r.Description : r.Quotes.FirstOrDefault() ?? "";

    private static string ClarificationText(ClarificationRequested c)
    {
        if (c.Text.Length > 0 || c.Questions.Count == 0)
        {
            return c.Text;
        }

        var text = new StringBuilder();
        for (var i = 0; i < c.Questions.Count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{i + 1}. {c.Questions[i]}");
            text.Append(i + 1 < c.Questions.Count ? "\n\n" : "");
        }

        return text.ToString();
    }

    /// <summary>Splits text into paragraph pieces that concatenate back to it exactly, so that long text streams.</summary>
    internal static IEnumerable<string> Pieces(string text)
    {
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf("\n\n", start, StringComparison.Ordinal);
            end = end < 0 ? text.Length : end + 2;
            yield return text[start..end];
            start = end;
        }
    }
}
