using System.Text;

namespace Fathom.Models;

/// <summary>
/// The fallbacks and merges of one run, written into its report as one italic line under the title
/// (where the report's notes go): a reader learns which stages the built-in model answered and why,
/// stage by stage with a count, without a line per page crowding the report.
/// </summary>
public sealed class FallbackNotes
{
    private const int ReasonLength = 160;

    private readonly Lock _gate = new();
    private readonly List<(ResearchStage Stage, string Reason)> _entries = [];

    /// <summary>Whether anything was recorded.</summary>
    public bool Any
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count > 0;
            }
        }
    }

    /// <summary>Records that <paramref name="stage"/> fell back or was merged, because of <paramref name="reason"/>.</summary>
    public void Add(ResearchStage stage, string reason)
    {
        lock (_gate)
        {
            _entries.Add((stage, reason));
        }
    }

    /// <summary>The note: what the built-in model did in each stage, the first reason of each.</summary>
    public string Line()
    {
        List<(ResearchStage Stage, string Reason)> entries;
        lock (_gate)
        {
            entries = [.. _entries];
        }

        var parts = entries
            .GroupBy(e => e.Stage)
            .OrderBy(g => g.Key)
            .Select(g => $"{What(g.Key, g.Count())} ({Plain(g.First().Reason)})");
        return "*Fathom's built-in model stood in for the language model or added to its answers: " + string.Join("; ", parts) + ".*";
    }

    /// <summary><paramref name="markdown"/> with the note under its title (at the top when it has none).</summary>
    public string AddTo(string markdown)
    {
        var lines = markdown.Split('\n').ToList();
        var title = lines.FindIndex(l => l.StartsWith("# ", StringComparison.Ordinal));
        lines.Insert(title + 1, title >= 0 ? "\n" + Line() : Line() + "\n");
        return string.Join('\n', lines);
    }

    private static string What(ResearchStage stage, int count) => stage switch
    {
        ResearchStage.Clarify => "the clarification",
        ResearchStage.Plan => "the plan",
        ResearchStage.PlanRound => count == 1 ? "one round's plan" : $"{count} rounds' plans",
        ResearchStage.Learn => count == 1 ? "the findings of one page" : $"the findings of {count} pages",
        _ => "the report",
    };

    /// <summary>
    /// A reason as note text: no brackets (the verifier would read "[3]" as a citation), no
    /// asterisks (they would end the italics), and short.
    /// </summary>
    private static string Plain(string reason)
    {
        var text = new StringBuilder(reason.Length);
        foreach (var c in reason)
        {
            text.Append(c is '[' or ']' or '*' or '\n' or '\r' ? ' ' : c);
        }

        var plain = Text.Words.NormalizeSpace(text.ToString());
        return plain.Length <= ReasonLength ? plain : plain[..(ReasonLength - 1)].TrimEnd() + "…";
    }
}
