using System.Text;
using Fathom.Models.Extractive;
using Fathom.Research;
using Fathom.Sources;
using Fathom.Text;

namespace Fathom.Models.Guard;

/// <summary>
/// Compares a writer's report with the one the built-in extractive model composes from the same
/// findings, after both are verified: coverage is the distinct word stems of the quotes a report's
/// surviving sentences rest on. A report covering less is replaced by the composition, or, when it
/// covers nearly as much, has the composition's other sentences added after it.
/// </summary>
internal static class ReportCoverage
{
    /// <summary>Below this share of the composition's coverage the writer's report is replaced.</summary>
    public const double ReplaceBelow = 0.75;

    /// <summary>Below this share (and above <see cref="ReplaceBelow"/>) the composition's other sentences are added.</summary>
    public const double MergeBelow = 1.0;

    /// <summary>A verified report under this many words says too little to stand on its own.</summary>
    public const int MinimumWords = 200;

    public static int Of(VerifiedReport report) =>
        report.References.SelectMany(r => r.Quotes).SelectMany(Concepts.ContentStems).Distinct(StringComparer.Ordinal).Count();

    /// <summary>The draft to release and, when it is not the writer's own, why.</summary>
    public static (DraftReport Draft, string? Why) Choose(DraftReport written, DraftReport composed, SourceRegistry sources, int wordBudget)
    {
        var ours = ReportVerifier.Verify(written.Markdown, sources, wordBudget);
        var theirs = ReportVerifier.Verify(composed.Markdown, sources, wordBudget);
        var (a, b) = (Of(ours), Of(theirs));
        var words = Words.Count(Body(ours.Markdown));
        if (b == 0 || (a >= b * MergeBelow && words >= MinimumWords))
        {
            return (written, null);
        }

        var share = (double)a / b;
        var figures = $"its verified sentences rest on quotes covering {a} terms, the built-in composition's on {b}; {words} words survived verification";
        if (share < ReplaceBelow || words < MinimumWords)
        {
            var why = $"The model's report covered less than Fathom's built-in model composes from the same findings ({figures}), so this report is that composition.";
            return (WithNote(composed.Markdown, why), "the report was replaced by the built-in model's composition: " + figures);
        }

        var merged = new StringBuilder(Body(ours.Markdown).TrimEnd()).Append("\n\n## ").Append(ReportComposer.FurtherFindings).Append("\n\n");
        var have = ours.References.SelectMany(r => r.Quotes).ToHashSet(StringComparer.Ordinal);
        foreach (var reference in theirs.References)
        {
            foreach (var quote in reference.Quotes.Where(q => !have.Contains(q)))
            {
                merged.Append(Cite(quote, reference.Index)).Append(' ');
            }
        }

        var note = $"The model's report covered less than Fathom's built-in model composes from the same findings ({figures}), so the composition's other sentences follow it.";
        return (WithNote(merged.ToString().TrimEnd() + "\n", note), "the built-in model's sentences were added to the report: " + figures);
    }

    private static string Body(string markdown)
    {
        var at = markdown.IndexOf("\n## References", StringComparison.Ordinal);
        return at < 0 ? markdown : markdown[..at];
    }

    /// <summary>The note goes under the title, in italics, as the report's notes do.</summary>
    private static DraftReport WithNote(string markdown, string note)
    {
        var lines = markdown.Split('\n').ToList();
        var title = lines.FindIndex(l => l.StartsWith("# ", StringComparison.Ordinal));
        lines.Insert(title + 1, title >= 0 ? $"\n*{note}*" : $"*{note}*\n");
        return new DraftReport(string.Join('\n', lines));
    }

    private static string Cite(string quote, int source)
    {
        var text = Words.NormalizeSpace(quote);
        var end = text.Length;
        while (end > 0 && ".!?".Contains(text[end - 1], StringComparison.Ordinal))
        {
            end--;
        }

        return $"{text[..end]} [[{source}]]{text[end..]}";
    }
}
