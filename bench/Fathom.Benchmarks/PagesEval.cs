using System.Diagnostics;
using System.Text.Json;
using Fathom.Reading.Extraction;

namespace Fathom.Benchmarks;

/// <summary>
/// Writes the predictions file <c>eval_pages.py</c> reads: every page of the multi-type set (or an even
/// sample of each type) through the extractor, as {id: text}, and prints the time it took: each page is
/// read from disk when its turn comes (reading included in the time), as a command reading files does.
/// </summary>
internal static class PagesEval
{
    public static int Run(string output, string extractor, int? perType)
    {
        var fathom = new PageExtractor();
        var rules = new ArticleExtractor();
        var predictions = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        foreach (var page in MultiTypePage.Read(MultiTypePage.LocateDataDirectory(), perType))
        {
            predictions[page.Id] = extractor switch
            {
                "rules" => rules.Extract(page.Html, page.Url).Text,
                "smartreader" => new SmartReader.Reader(string.IsNullOrEmpty(page.Url) ? "https://example.org/" : page.Url, page.Html).GetArticle().TextContent ?? string.Empty,
                _ => fathom.Extract(page.Html, page.Url).Text,
            };
        }

        clock.Stop();
        File.WriteAllText(output, JsonSerializer.Serialize(predictions));
        Console.WriteLine($"{predictions.Count} pages read and extracted to {output} in {clock.Elapsed.TotalSeconds:F1} s ({predictions.Count / clock.Elapsed.TotalSeconds:F0} pages/s; garbage collections gen0/gen1/gen2 {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, {GC.GetTotalPauseDuration().TotalSeconds:F1} s paused)");
        return 0;
    }
}
