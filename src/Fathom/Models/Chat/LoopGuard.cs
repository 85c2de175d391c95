using Fathom.Research;
using Fathom.Text;

namespace Fathom.Models.Chat;

/// <summary>
/// Stops a model that goes round in circles: one that asks again what it already searched (in other
/// words or another order), one that keeps researching while rounds find nothing new, and one whose
/// output degenerates into the same sentence over and over.
/// </summary>
internal static class LoopGuard
{
    /// <summary>Two queries whose content words overlap this much (Jaccard) ask the same thing.</summary>
    public const double SameQuery = 0.75;

    /// <summary>Finished rounds in a row without a new finding after which research stops.</summary>
    public const int BarrenRounds = 2;

    /// <summary>Times one sentence may repeat in an answer before the answer counts as degenerate.</summary>
    public const int Repeats = 4;

    /// <summary>The proposed queries that ask something new, next to the earlier ones and each other.</summary>
    public static List<string> NewQueries(IEnumerable<string> proposed, IEnumerable<string> earlier)
    {
        var seen = earlier.Select(Key).Where(k => k.Count > 0).ToList();
        var fresh = new List<string>();
        foreach (var query in proposed.Select(q => q.Trim()).Where(q => q.Length > 0))
        {
            var key = Key(query);
            if (key.Count == 0 || seen.Any(s => Jaccard(s, key) >= SameQuery))
            {
                continue;
            }

            seen.Add(key);
            fresh.Add(query);
        }

        return fresh;
    }

    /// <summary>Why research should stop because the last rounds found nothing, or null.</summary>
    public static string? Barren(IReadOnlyList<RoundRecord> rounds)
    {
        var finished = rounds.Where(r => r.Reflection.Length > 0).ToList();
        return finished.Count >= BarrenRounds && finished.TakeLast(BarrenRounds).All(r => r.NewFindings == 0)
            ? $"loop guard: the last {BarrenRounds} rounds found nothing new"
            : null;
    }

    /// <summary>Whether <paramref name="text"/> repeats one sentence so often that the model is stuck.</summary>
    public static bool IsDegenerate(string text)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var sentence in Sentences.Split(text))
        {
            var key = string.Join(' ', Words.Tokens(sentence.Text));
            if (key.Count(c => c == ' ') < 3)
            {
                continue; // Short lines (headings, list labels) may repeat legitimately.
            }

            var n = counts[key] = counts.GetValueOrDefault(key) + 1;
            if (n >= Repeats)
            {
                return true;
            }
        }

        return false;
    }

    private static HashSet<string> Key(string query)
    {
        var content = Words.ContentTokens(query);
        return [.. content.Count > 0 ? content : Words.Tokens(query)];
    }

    private static double Jaccard(HashSet<string> a, HashSet<string> b)
    {
        var union = a.Count + b.Count - a.Count(b.Contains);
        return union == 0 ? 1 : (double)a.Count(b.Contains) / union;
    }
}
