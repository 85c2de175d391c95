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

    /// <summary>One line for the live status display, short enough for one row beside its spinner.</summary>
    public string Status => Fit(_round == 0
        ? $"Planning · {Elapsed}"
        : $"Round {_round}/{_maxRounds} · {Count(_sources, "source")} · {Count(_tokens, "token")} · {Elapsed}");

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
            case PlanApproved a:
                Line(a.Edited
                    ? $"[bold]Plan approved as edited:[/] {Esc(string.Join(" · ", a.Outline))}"
                    : "[bold]Plan approved.[/]");
                break;
            case RoundStarted r:
                _round = r.Round;
                Line($"[bold]Round {r.Round}/{_maxRounds}[/] [grey]({Elapsed})[/] goal: {Esc(Shorten(r.Goal, 200))}");
                Line($"  queries: {Esc(string.Join(" | ", r.Queries))}");
                break;
            case SearchFailed f:
                Line($"  [yellow]! {Esc(f.Provider)} failed on '{Esc(f.Query)}': {Esc(f.Reason)}[/]");
                break;
            case ToolCalled { Error: null } t:
                Line($"  called {Esc(t.Tool)} on {Esc(t.Server)} [grey]· {Count(t.Characters, "character")}, a source at {Esc(Shorten(t.Address, 90))}[/]");
                break;
            case ToolCalled t:
                Line($"  [yellow]! {Esc(t.Tool)} on {Esc(t.Server)}: {Esc(t.Error!)}[/]");
                break;
            case SourcesFound f:
                _sources += f.Sources.Count;
                Line($"  found {f.Sources.Count} new {Noun(f.Sources.Count, "source")} ({_sources} in all)");
                break;
            case PageLearned l:
                Line($"  [green][[{l.SourceNumber}]][/] {Esc(Shorten(l.Title, 90))} [grey]· {Count(l.Findings.Count, "finding")}[/]");
                break;
            case PageSkipped k:
                Line($"  [grey]skipped [[{k.SourceNumber}]] {Esc(Shorten(k.Url, 90))}: {Esc(k.Reason)}[/]");
                break;
            case RoundFinished f:
                Line($"  round {f.Round} finished: {Esc(f.Reflection)} [grey]({Count(_tokens, "token")}, {Elapsed})[/]");
                break;
            case ModelAnswerRejected m:
                Line($"  [yellow]! model answer rejected in {Esc(m.Stage)}: {Esc(m.Reason)}[/]");
                break;
            case LimitReached l:
                Line($"[yellow]Limit reached: {Esc(LimitMessages.Name(l.Limit))}[/] — {Esc(l.Detail)}");
                break;
            case ResearchFinished f:
                Line($"[bold]Research finished[/] after {Count(f.Rounds, "round")} with {Count(f.Findings, "finding")} ({Esc(f.StopReason)}).");
                break;
            case ReportWritten w:
                Line($"[bold]Report written:[/] {Count(Text.Words.Count(w.Markdown), "word")}, {Count(w.References.Count, "reference")}; verifier kept {Count(w.Verification.CitedSentences, "cited sentence")}, dropped {w.Verification.Removed}, re-cited {w.Verification.Recited}.");
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
                Line($"[grey]Finished ({f.Status}) in {Elapsed}, {Count(_tokens, "token")}.[/]");
                break;
        }
    }

    private void Line(string markup)
    {
        if (console.Profile.Capabilities.Interactive)
        {
            // A live status line is shown below these lines: each must fit one row (see SingleLine).
            console.Write(new SingleLine(markup));
        }
        else
        {
            console.MarkupLine(markup);
        }
    }

    /// <summary>"1 round", "2 rounds", "1,234 tokens".</summary>
    internal static string Count(long n, string noun) => n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " " + Noun(n, noun);

    private static string Noun(long n, string noun) => n == 1 ? noun : noun + "s";

    private string Fit(string status)
    {
        // The spinner and a space take the first columns; the rest of the row must hold the status.
        var room = console.Profile.Width - 3;
        return !console.Profile.Capabilities.Interactive || status.Length <= room ? status : status[..Math.Max(1, room - 1)] + "…";
    }

    private static string Esc(string text) => Markup.Escape(text);

    private static string Shorten(string text, int max)
    {
        var flat = Text.Words.NormalizeSpace(text);
        return flat.Length <= max ? flat : flat[..max].TrimEnd() + "…";
    }
}
