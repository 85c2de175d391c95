using System.Text.RegularExpressions;

namespace Fathom.Training;

/// <summary>Word tokens as the page scorer cuts them (lower-cased \w+), and the word-level F1 it computes.</summary>
internal static partial class WordBag
{
    public static List<string> Tokens(string text) => Word().Matches(text.ToLowerInvariant()).Select(m => m.Value).ToList();

    public static Dictionary<string, int> Count(IEnumerable<string> tokens)
    {
        var bag = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var t in tokens)
        {
            bag[t] = bag.GetValueOrDefault(t) + 1;
        }

        return bag;
    }

    /// <summary>Word-level F1 of <paramref name="predicted"/> against <paramref name="gold"/>, bags of words.</summary>
    public static double F1(Dictionary<string, int> predicted, Dictionary<string, int> gold)
    {
        var p = predicted.Values.Sum();
        var g = gold.Values.Sum();
        if (p == 0 || g == 0)
        {
            return p == g ? 1 : 0;
        }

        var common = predicted.Sum(kv => Math.Min(kv.Value, gold.GetValueOrDefault(kv.Key)));
        if (common == 0)
        {
            return 0;
        }

        double precision = (double)common / p, recall = (double)common / g;
        return 2 * precision * recall / (precision + recall);
    }

    [GeneratedRegex(@"\w+")]
    private static partial Regex Word();
}
