using AngleSharp.Html.Parser;
using BenchmarkDotNet.Attributes;
using Fathom.Reading.Extraction;

namespace Fathom.Benchmarks;

/// <summary>
/// Main-content extraction over an even sample of the multi-type page set (20 pages of each of the 7
/// types, 140 pages), one page after another on one thread: SmartReader as-is, the rule-based article
/// extractor, the page extractor, and AngleSharp's parse alone (the floor every extractor here stands
/// on), in the same run. Pages per second = 140 / mean time.
/// </summary>
[MemoryDiagnoser]
public class PageBenchmarks
{
    private const int PerType = 20;
    private List<MultiTypePage> pages = [];
    private readonly ArticleExtractor rules = new();
    private readonly PageExtractor extractor = new();

    [GlobalSetup]
    public void Setup() => pages = MultiTypePage.Load(MultiTypePage.LocateDataDirectory(), PerType);

    [Benchmark(Baseline = true, Description = "SmartReader 0.11.1 (140 pages)")]
    public int SmartReaderPages()
    {
        var chars = 0;
        foreach (var page in pages)
        {
            chars += new SmartReader.Reader(string.IsNullOrEmpty(page.Url) ? "https://example.org/" : page.Url, page.Html).GetArticle().TextContent?.Length ?? 0;
        }

        return chars;
    }

    [Benchmark(Description = "Fathom PageExtractor (140 pages)")]
    public int PageExtractorPages()
    {
        var chars = 0;
        foreach (var page in pages)
        {
            chars += extractor.Extract(page.Html, page.Url).Text.Length;
        }

        return chars;
    }

    [Benchmark(Description = "Fathom ArticleExtractor, rules only (140 pages)")]
    public int ArticleExtractorPages()
    {
        var chars = 0;
        foreach (var page in pages)
        {
            chars += rules.Extract(page.Html, page.Url).Text.Length;
        }

        return chars;
    }

    [Benchmark(Description = "AngleSharp parse only (140 pages)")]
    public int ParseOnly()
    {
        var nodes = 0;
        foreach (var page in pages)
        {
            nodes += new HtmlParser().ParseDocument(page.Html).All.Length;
        }

        return nodes;
    }
}
