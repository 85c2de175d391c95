using BenchmarkDotNet.Attributes;
using Fathom.Reading.Extraction;

namespace Fathom.Benchmarks;

/// <summary>
/// Article extraction over every page of the shared data set, one page after another on one thread:
/// Fathom's extractor and SmartReader as-is, in the same run. Pages per second = 121 / mean time.
/// </summary>
[MemoryDiagnoser]
public class ExtractionBenchmarks
{
    private List<ExtractionPage> pages = [];
    private readonly ArticleExtractor extractor = new();

    [GlobalSetup]
    public void Setup() => pages = ExtractionPage.Load(ExtractionPage.LocateDataDirectory());

    [Benchmark(Baseline = true, Description = "SmartReader 0.11.1 (all 121 pages)")]
    public int SmartReaderAllPages()
    {
        var chars = 0;
        foreach (var page in pages)
        {
            chars += new SmartReader.Reader(page.Url ?? "https://example.org/", page.Html).GetArticle().TextContent?.Length ?? 0;
        }

        return chars;
    }

    [Benchmark(Description = "Fathom ArticleExtractor (all 121 pages)")]
    public int FathomAllPages()
    {
        var chars = 0;
        foreach (var page in pages)
        {
            chars += extractor.Extract(page.Html, page.Url).Text.Length;
        }

        return chars;
    }
}
