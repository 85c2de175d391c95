using System.Text.Json;
using System.Text.RegularExpressions;

namespace Fathom.Tests.Models.Extractive;

/// <summary>
/// The key-point recall of ../shared/tools/eval_research.py, computed the same way: a key point
/// counts when 60% of the word tokens of one of its verbatim spans occur in two consecutive report
/// sentences, within the first <c>maxWords</c> words of the report body.
/// </summary>
internal static partial class KeyPointRecall
{
    [GeneratedRegex(@"\w+")]
    private static partial Regex Word();

    [GeneratedRegex(@"(?<=[.!?])\s+|\n+")]
    private static partial Regex SentenceBreak();

    [GeneratedRegex(@"^#{1,6}\s*(references|sources|bibliography)\b.*$", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex ReferencesHeading();

    public static List<string> Words(string text) => Word().Matches(text).Select(m => m.Value.ToLowerInvariant()).ToList();

    public static string Body(string report) => ReferencesHeading().Match(report) is { Success: true } m ? report[..m.Index] : report;

    public static double Score(string dataDir, string queryId, string report, int maxWords = 2500)
    {
        var counted = Truncate(Body(report), maxWords);
        var sentences = SentenceBreak().Split(counted).Select(s => s.Trim()).Where(s => s.Length > 0).Select(Words).ToList();
        var windows = sentences.Select((s, i) => i + 1 < sentences.Count ? [.. s, .. sentences[i + 1]] : s).ToList();
        var points = Spans(dataDir, queryId);
        var covered = points.Count(spans => spans.Any(span =>
        {
            var w = Words(span);
            return w.Count >= 3 && windows.Any(window => Recall(w, window) >= 0.6);
        }));
        return (double)covered / points.Count;
    }

    private static string Truncate(string text, int maxWords)
    {
        var n = 0;
        var output = new System.Text.StringBuilder();
        foreach (var token in Regex.Split(text, @"(\s+)"))
        {
            if (token.Trim().Length > 0 && ++n > maxWords)
            {
                break;
            }

            output.Append(token);
        }

        return output.ToString();
    }

    private static double Recall(List<string> needle, List<string> hay)
    {
        var have = hay.GroupBy(w => w).ToDictionary(g => g.Key, g => g.Count());
        var hit = needle.GroupBy(w => w).Sum(g => Math.Min(g.Count(), have.GetValueOrDefault(g.Key)));
        return (double)hit / needle.Count;
    }

    // Per-document points are numbered from 1 across the whole file, in file order; the aggregated
    // points name the ones they merge by that number.
    private static List<List<string>> Spans(string dataDir, string queryId)
    {
        using var perDoc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dataDir, "key_points", queryId + ".json")));
        var byNumber = new Dictionary<int, List<string>>();
        var n = 0;
        foreach (var doc in perDoc.RootElement.GetProperty("key_points").EnumerateObject())
        {
            foreach (var point in doc.Value.EnumerateArray())
            {
                byNumber[++n] = point.TryGetProperty("spans", out var spans) && spans.GetArrayLength() > 0
                    ? spans.EnumerateArray().Select(s => s.GetString()!).ToList()
                    : [point.GetProperty("point_content").GetString()!];
            }
        }

        using var aggregated = JsonDocument.Parse(File.ReadAllText(Path.Combine(dataDir, "key_points", queryId + "_aggregated.json")));
        return aggregated.RootElement.GetProperty("key_points").EnumerateArray()
            .Select(k => k.GetProperty("original_point_number").EnumerateArray().SelectMany(x => byNumber.GetValueOrDefault(x.GetInt32()) ?? []).ToList())
            .ToList();
    }
}
