using Fathom.Events;
using Fathom.Research;
using Spectre.Console;

namespace Fathom.Cli.Rendering;

/// <summary>
/// Turns a run's events into progress lines: phases, round n of N with its goal and queries,
/// sources found, pages read, limits reached, tokens and elapsed time.
/// </summary>
public sealed class ProgressRenderer(IAnsiConsole console, TimeProvider time)
{
    private readonly long _started = time.GetTimestamp();
    private int _maxRounds;
    private int _round;
    private int _sources;
    private long _tokens;

    /// <summary>One line for the live status display.</summary>
    public string Status => _round == 0
        ? $"Planning · {Elapsed}"
        : $"Round {_round}/{_maxRounds} · {_sources} sources · {_tokens:N0} tokens · {Elapsed}";

    private string Elapsed => time.GetElapsedTime(_started).ToString(@"mm\:ss", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Writes what <paramref name="e"/> says, if anything worth a line.</summary>
    public void Render(ResearchEvent e)
    {
        switch (e)
        {
            case RunStarted s:
                _maxRounds = s.Limits.MaxRounds;
                Line($"[bold]{(s.Resumed ? "Resuming" : "Researching")}:[/] {Esc(s.Question)} [grey](model: {Esc(s.Model)}, run {Esc(s.RunId)})[/]");
                break;
            case ClarificationRequested:
                Line("[yellow]The question needs clarifying first.[/]");
                break;
            case PlanCreated p:
                Line($"[bold]Plan:[/] {Esc(Shorten(p.Brief, 300))}");
                foreach (var section in p.Outline)
                {
                    Line($"  [grey]·[/] {Esc(section)}");
                }

                break;
            case RoundStarted r:
                _round = r.Round;
                Line($"[bold]Round {r.Round}/{_maxRounds}[/] [grey]({Elapsed})[/] goal: {Esc(Shorten(r.Goal, 200))}");
                Line($"  queries: {Esc(string.Join(" | ", r.Queries))}");
                break;
            case SearchFailed f:
                Line($"  [yellow]! {Esc(f.Provider)} failed on '{Esc(f.Query)}': {Esc(f.Reason)}[/]");
                break;
            case SourcesFound f:
                _sources += f.Sources.Count;
                Line($"  found {f.Sources.Count} new sources ({_sources} in all)");
                break;
            case PageLearned l:
                Line($"  [green][[{l.SourceNumber}]][/] {Esc(Shorten(l.Title, 90))} [grey]· {l.Findings.Count} findings[/]");
                break;
            case PageSkipped k:
                Line($"  [grey]skipped [[{k.SourceNumber}]] {Esc(Shorten(k.Url, 90))}: {Esc(k.Reason)}[/]");
                break;
            case RoundFinished f:
                Line($"  round {f.Round} finished: {Esc(f.Reflection)} [grey]({_tokens:N0} tokens, {Elapsed})[/]");
                break;
            case ModelAnswerRejected m:
                Line($"  [yellow]! model answer rejected in {Esc(m.Stage)}: {Esc(m.Reason)}[/]");
                break;
            case LimitReached l:
                Line($"[yellow]Limit reached: {Esc(LimitMessages.Name(l.Limit))}[/] — {Esc(l.Detail)}");
                break;
            case ResearchFinished f:
                Line($"[bold]Research finished[/] after {f.Rounds} rounds with {f.Findings} findings ({Esc(f.StopReason)}).");
                break;
            case ReportWritten w:
                Line($"[bold]Report written:[/] {Text.Words.Count(w.Markdown)} words, {w.References.Count} references; verifier kept {w.Verification.CitedSentences} cited sentences, dropped {w.Verification.Removed}, re-cited {w.Verification.Recited}.");
                break;
            case UsageUpdated u:
                _tokens = u.Usage.TotalTokens;
                break;
            case RunFinished { Status: RunStatus.Failed } f:
                Line($"[red]Run failed:[/] {Esc(f.Error ?? "unknown error")}");
                break;
            case RunFinished { Status: RunStatus.Cancelled }:
                Line($"[yellow]Run cancelled[/] after {Elapsed}.");
                break;
            case RunFinished f:
                Line($"[grey]Finished ({f.Status}) in {Elapsed}, {_tokens:N0} tokens.[/]");
                break;
        }
    }

    private void Line(string markup) => console.MarkupLine(markup);

    private static string Esc(string text) => Markup.Escape(text);

    private static string Shorten(string text, int max)
    {
        var flat = Text.Words.NormalizeSpace(text);
        return flat.Length <= max ? flat : flat[..max].TrimEnd() + "…";
    }
}
