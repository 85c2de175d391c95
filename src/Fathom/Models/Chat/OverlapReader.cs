using Fathom.Reading;
using Fathom.Sources;
using Fathom.Text;

namespace Fathom.Models.Chat;

/// <summary>
/// Takes findings from a page without the model, by the words they share with the question and the
/// outline: what reading falls back on when the model cannot be asked (budget spent, provider down)
/// or its answer is unusable, so the run still learns something from the pages it paid to read.
/// </summary>
internal static class OverlapReader
{
    public static PageLearning Learn(ResearchContext context, ReadPage page, SourceCard source, int max, string why)
    {
        var wanted = Words.ContentTokens(context.Request.FullQuestion + " " + string.Join(' ', context.Plan?.Outline ?? []))
            .ToHashSet(StringComparer.Ordinal);
        var picked = Sentences.Split(page.Text)
            .Where(s => Words.Count(s.Text) is >= 6 and <= 80)
            .Select(s => (Sentence: s, Score: Score(s.Text, wanted)))
            .Where(s => s.Score > 0)
            .OrderByDescending(s => s.Score)
            .ThenBy(s => s.Sentence.Start)
            .Take(max)
            .ToList();
        var top = picked.Count == 0 ? 1 : picked.Max(p => p.Score);
        var findings = picked
            .OrderBy(p => p.Sentence.Start)
            .Select(p => new Finding(source.Number, p.Sentence.Text, p.Sentence.Text, Math.Round(p.Score / top * 0.5, 3), p.Sentence.Start))
            .ToList();
        return new PageLearning($"{findings.Count} sentences picked by the words they share with the question ({why}).", findings);
    }

    /// <summary>Distinct wanted words in the sentence, discounted for long sentences.</summary>
    private static double Score(string sentence, HashSet<string> wanted)
    {
        var tokens = Words.ContentTokens(sentence);
        var hits = tokens.Where(wanted.Contains).Distinct(StringComparer.Ordinal).Count();
        return hits < 2 ? 0 : hits / Math.Sqrt(Math.Max(8, tokens.Count));
    }
}
