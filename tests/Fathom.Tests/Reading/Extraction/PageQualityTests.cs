using System.Text.Json;
using System.Text.RegularExpressions;
using Fathom.Reading;
using Fathom.Reading.Extraction;
using Fathom.Tests.Support;

namespace Fathom.Tests.Reading.Extraction;

/// <summary>
/// The page extractor on a fixed sample of every page type of ../shared/data/pages (the same pages
/// every run), scored as eval_pages.py scores: word-level F1 per page, bags of words. The models were
/// trained on these pages, so this holds the line against regressions; the cross-validated figures
/// are measured by tools/Fathom.Training (docs/page-extraction.md).
/// </summary>
public sealed partial class PageQualityTests
{
    private const int PerType = 6;

    private static readonly string DataDirectory = Path.Combine(RepoPaths.Shared, "data", "pages");

    private static readonly Dictionary<string, double> Floors = new(StringComparer.Ordinal)
    {
        ["article"] = 0.85,
        ["documentation"] = 0.85,
        ["service"] = 0.75,
        ["forum"] = 0.6,
        ["collection"] = 0.6,
        ["listing"] = 0.6,
        ["product"] = 0.5,
    };

    [Fact]
    public void SampleOfEveryType_ScoresAboveItsFloor()
    {
        var extractor = new PageExtractor();
        var byType = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        foreach (var (id, type, url, gold) in Sample())
        {
            var text = extractor.Extract(ReadPage(id), url).Text;
            byType.TryAdd(type, []);
            byType[type].Add(WordF1(text, gold));
        }

        Assert.Equal(Floors.Keys.Order(StringComparer.Ordinal), byType.Keys.Order(StringComparer.Ordinal));
        var failures = byType.Where(t => t.Value.Average() < Floors[t.Key]).Select(t => $"{t.Key} {t.Value.Average():F3} < {Floors[t.Key]}").ToList();
        Assert.True(failures.Count == 0, "Mean word F1 below the floor: " + string.Join(", ", failures));
        Assert.True(byType.Values.SelectMany(v => v).Average() >= 0.8, $"mean word F1 {byType.Values.SelectMany(v => v).Average():F3} is below 0.8");
    }

    [Fact]
    public void PageTypes_AreRecognisedOnMostOfTheSample()
    {
        var extractor = new PageExtractor();
        var sample = Sample();
        var right = sample.Count(p => string.Equals(extractor.Extract(ReadPage(p.Id), p.Url).Type?.ToString(), p.Type, StringComparison.OrdinalIgnoreCase));

        Assert.True(right >= sample.Count * 0.6, $"{right} of {sample.Count} page types recognised");
    }

    [Fact]
    public void WordF1_MatchesTheSharedScorerOnKnownCases()
    {
        Assert.Equal(1.0, WordF1("The cat, the hat.", "the CAT the hat"), 6);
        Assert.Equal(2 * 0.5 * 1.0 / 1.5, WordF1("one two three four", "one two"), 6);
        Assert.Equal(0.0, WordF1("", "one"), 6);
    }

    /// <summary>Every k-th page of each type, sorted by id: the same sample every run.</summary>
    private static List<(string Id, string Type, string? Url, string Gold)> Sample()
    {
        var all = new List<(string Id, string Type, string? Url, string Gold)>();
        foreach (var path in Directory.GetFiles(Path.Combine(DataDirectory, "ground-truth"), "*.json").Order(StringComparer.Ordinal))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(path));
            var root = json.RootElement;
            var type = root.GetProperty("_internal").GetProperty("page_type").GetProperty("primary").GetString() ?? "article";
            var gold = root.GetProperty("ground_truth").TryGetProperty("main_content", out var main) ? main.GetString() ?? "" : "";
            all.Add((Path.GetFileNameWithoutExtension(path), type == "category" ? "collection" : type, root.TryGetProperty("url", out var u) ? u.GetString() : null, gold));
        }

        return all.GroupBy(p => p.Type).SelectMany(g => g.Where((_, i) => i % (g.Count() / PerType) == 3).Take(PerType)).ToList();
    }

    private static double WordF1(string predicted, string gold)
    {
        var p = Bag(predicted);
        var g = Bag(gold);
        int pn = p.Values.Sum(), gn = g.Values.Sum();
        if (pn == 0 || gn == 0)
        {
            return pn == gn ? 1 : 0;
        }

        var common = p.Sum(kv => Math.Min(kv.Value, g.GetValueOrDefault(kv.Key)));
        return common == 0 ? 0 : 2.0 * common / (pn + gn);
    }

    private static Dictionary<string, int> Bag(string text)
    {
        var bag = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Match m in Word().Matches(text.ToLowerInvariant()))
        {
            bag[m.Value] = bag.GetValueOrDefault(m.Value) + 1;
        }

        return bag;
    }

    private static string ReadPage(string id) => GzippedPage.Read(Path.Combine(DataDirectory, "html", id + ".html.gz"));

    [GeneratedRegex(@"\w+")]
    private static partial Regex Word();
}
