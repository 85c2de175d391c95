using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Fathom.Sources;

namespace Fathom.Research;

/// <summary>
/// Numbers a verified report's references 1..n in the order the report first cites them, rewriting
/// its [[n]] markers and its references list to match. Sources keep their stable numbers in the run's
/// events (findings, pages read); only the released report and its references are renumbered, so a
/// reader sees [1], [2], [3]… with no gaps.
/// </summary>
public static partial class ReferenceNumbering
{
    [GeneratedRegex(@"\[\[(\d+(?:\s*,\s*\d+)*)\]\]", RegexOptions.CultureInvariant)]
    private static partial Regex Marker();

    [GeneratedRegex(@"^\[(\d+)\] ", RegexOptions.CultureInvariant)]
    private static partial Regex ListEntry();

    private const string ReferencesHeading = "\n## References\n";

    /// <summary>The report with its references numbered by first citation.</summary>
    public static VerifiedReport Apply(VerifiedReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var split = report.Markdown.IndexOf(ReferencesHeading, StringComparison.Ordinal);
        var body = split < 0 ? report.Markdown : report.Markdown[..split];
        var tail = split < 0 ? "" : report.Markdown[split..];

        var map = new Dictionary<int, int>();
        foreach (Match m in Marker().Matches(body))
        {
            foreach (var n in Numbers(m))
            {
                map.TryAdd(n, map.Count + 1);
            }
        }

        // A reference the body no longer cites (none should be) keeps its place after the cited ones.
        foreach (var reference in report.References.OrderBy(r => r.Index))
        {
            map.TryAdd(reference.Index, map.Count + 1);
        }

        if (map.All(p => p.Key == p.Value))
        {
            return report;
        }

        var renumbered = Marker().Replace(body, m => "[[" + string.Join(",", Numbers(m).Select(n => map[n]).Distinct().Order()) + "]]");
        return report with
        {
            Markdown = renumbered + RenumberList(tail, map),
            References = [.. report.References.Select(r => r with { Index = map[r.Index] }).OrderBy(r => r.Index)],
        };
    }

    private static string RenumberList(string tail, Dictionary<int, int> map)
    {
        if (tail.Length == 0)
        {
            return tail;
        }

        var lines = tail.Split('\n');
        var entries = new List<(int Index, string Line)>();
        var output = new StringBuilder();
        foreach (var line in lines)
        {
            var m = ListEntry().Match(line);
            if (m.Success && map.TryGetValue(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), out var index))
            {
                entries.Add((index, $"[{index.ToString(CultureInfo.InvariantCulture)}] " + line[m.Length..]));
            }
        }

        // The list is the tail's heading and entries; rebuild it in the new order.
        var first = Array.FindIndex(lines, l => ListEntry().IsMatch(l));
        var last = Array.FindLastIndex(lines, l => ListEntry().IsMatch(l));
        if (first < 0)
        {
            return tail;
        }

        output.AppendJoin('\n', lines[..first]);
        output.Append('\n').AppendJoin('\n', entries.OrderBy(e => e.Index).Select(e => e.Line));
        if (last + 1 < lines.Length)
        {
            output.Append('\n').AppendJoin('\n', lines[(last + 1)..]);
        }

        return output.ToString();
    }

    private static IEnumerable<int> Numbers(Match m) =>
        m.Groups[1].Value.Split(',').Select(n => int.Parse(n.Trim(), CultureInfo.InvariantCulture));
}
