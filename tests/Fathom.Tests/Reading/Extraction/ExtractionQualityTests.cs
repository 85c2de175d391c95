using System.Text.Json;
using Fathom.Reading.Extraction;
using Fathom.Tests.Support;

namespace Fathom.Tests.Reading.Extraction;

/// <summary>The extractor over the 121 pages of ../shared/data/extraction, scored as the shared scorer scores it.</summary>
public sealed class ExtractionQualityTests
{
    private static readonly string DataDirectory = Path.Combine(RepoPaths.Shared, "data", "extraction");

    [Fact]
    public void SharedPages_ScoreAtLeast097F1_AndNoPageBelowHalf()
    {
        var truth = new Dictionary<string, string>();
        var predicted = new Dictionary<string, string>();
        var extractor = new ArticleExtractor();
        using var gold = JsonDocument.Parse(File.ReadAllText(Path.Combine(DataDirectory, "ground-truth.json")));
        foreach (var page in gold.RootElement.EnumerateObject())
        {
            truth[page.Name] = page.Value.GetProperty("articleBody").GetString() ?? "";
            var url = page.Value.TryGetProperty("url", out var u) ? u.GetString() : null;
            predicted[page.Name] = extractor.Extract(ReadPage(page.Name), url).Text;
        }

        var score = ShingleScore.Score(truth, predicted);

        Assert.Equal(121, truth.Count);
        Assert.True(score.F1 >= 0.97, $"F1 {score.F1:F4} (precision {score.Precision:F4}, recall {score.Recall:F4}) is below 0.97");
        var weak = score.PageF1.Where(p => p.Value < 0.5).Select(p => $"{p.Key}: {p.Value:F3}").ToList();
        Assert.True(weak.Count == 0, "Pages below F1 0.5: " + string.Join(", ", weak));
    }

    [Fact]
    public void Scorer_MatchesTheSharedScorerOnKnownCases()
    {
        var truth = new Dictionary<string, string> { ["a"] = "one two three four five", ["b"] = "alpha beta gamma delta" };

        var perfect = ShingleScore.Score(truth, truth);
        var half = ShingleScore.Score(truth, new Dictionary<string, string> { ["a"] = "one two three four", ["b"] = "alpha beta gamma delta" });
        var missing = ShingleScore.Score(truth, new Dictionary<string, string> { ["b"] = "alpha beta gamma delta" });

        Assert.Equal(1.0, perfect.F1, 6);
        Assert.Equal(1.0, half.Precision, 6); // page a: 1 of 2 shingles found, none wrong
        Assert.Equal(0.75, half.Recall, 6);
        Assert.Equal(1.0, missing.Precision, 6); // an empty prediction has no precision to average
        Assert.Equal(0.5, missing.Recall, 6);
        Assert.Equal(["日本語", "Kindle", "for", "PC", "x_y", "2"], ShingleScore.Tokens("日本語 Kindle for PC. x_y-2"));
    }

    [Fact]
    public void Extract_FromManyThreadsAtOnce_GivesWhatOneThreadGives()
    {
        var pages = Directory.GetFiles(Path.Combine(DataDirectory, "html"), "*.html.gz").Order(StringComparer.Ordinal).Take(24)
            .Select(f => ReadPage(Path.GetFileName(f)[..^".html.gz".Length])).ToList();
        var extractor = new ArticleExtractor();
        var sequential = pages.Select(p => extractor.Extract(p).Markdown).ToList();

        var parallel = new string[pages.Count];
        Parallel.For(0, pages.Count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => parallel[i] = extractor.Extract(pages[i]).Markdown);

        Assert.Equal(sequential, parallel);
    }

    private static string ReadPage(string id) => GzippedPage.Read(Path.Combine(DataDirectory, "html", id + ".html.gz"));
}
