using System.Text;

namespace Fathom.Tests.Reading.Extraction;

/// <summary>
/// The article-extraction score of ../shared/tools/eval_extraction.py, computed the same way: word
/// tokens (letters, digits, underscore), 4-token shingles as multisets, per-page counts normalised to
/// sum to 1, precision and recall averaged over pages, F1 of the two means.
/// </summary>
internal static class ShingleScore
{
    public sealed record Result(double F1, double Precision, double Recall, IReadOnlyDictionary<string, double> PageF1);

    public static Result Score(IReadOnlyDictionary<string, string> truth, IReadOnlyDictionary<string, string> predicted)
    {
        var precisions = new List<double>();
        var recalls = new List<double>();
        var pages = new Dictionary<string, double>();
        foreach (var (id, gold) in truth)
        {
            var (tp, fp, fn) = PageCounts(gold, predicted.TryGetValue(id, out var p) ? p : "");
            var precision = Ratio(tp, fp, fp, fn);
            var recall = Ratio(tp, fn, fp, fn);
            if (tp + fp > 0 || (fp == 0 && fn == 0))
            {
                precisions.Add(precision);
            }

            if (tp + fn > 0 || (fp == 0 && fn == 0))
            {
                recalls.Add(recall);
            }

            pages[id] = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        }

        var meanP = precisions.Count == 0 ? 0 : precisions.Average();
        var meanR = recalls.Count == 0 ? 0 : recalls.Average();
        var f1 = meanP + meanR == 0 ? 0 : 2 * meanP * meanR / (meanP + meanR);
        return new Result(f1, meanP, meanR, pages);
    }

    private static double Ratio(double num, double other, double fp, double fn) =>
        fp == 0 && fn == 0 ? 1.0 : num + other == 0 ? 0.0 : num / (num + other);

    private static (double Tp, double Fp, double Fn) PageCounts(string gold, string predicted)
    {
        var a = Shingles(gold);
        var b = Shingles(predicted);
        double tp = 0, fp = 0, fn = 0;
        foreach (var (key, count) in a)
        {
            var other = b.GetValueOrDefault(key);
            tp += Math.Min(count, other);
            fn += Math.Max(0, count - other);
        }

        foreach (var (key, count) in b)
        {
            fp += Math.Max(0, count - a.GetValueOrDefault(key));
        }

        var sum = tp + fp + fn;
        return sum == 0 ? (0, 0, 0) : (tp / sum, fp / sum, fn / sum);
    }

    private static Dictionary<string, int> Shingles(string text)
    {
        var tokens = Tokens(text);
        var shingles = new Dictionary<string, int>(StringComparer.Ordinal);
        if (tokens.Count == 0)
        {
            return shingles;
        }

        for (var i = 0; i < Math.Max(1, tokens.Count - 3); i++)
        {
            var key = string.Join('\u0001', tokens.Skip(i).Take(4));
            shingles[key] = shingles.GetValueOrDefault(key) + 1;
        }

        return shingles;
    }

    /// <summary>Runs of what Python's \w matches: letters, numbers and the underscore.</summary>
    public static List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsLetter(rune) || Rune.IsNumber(rune) || rune.Value == '_')
            {
                current.Append(rune.ToString());
            }
            else if (current.Length > 0)
            {
                tokens.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            tokens.Add(current.ToString());
        }

        return tokens;
    }
}
