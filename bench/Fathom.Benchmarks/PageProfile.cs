using System.Diagnostics;
using AngleSharp.Html.Parser;
using Fathom.Reading.Extraction;
using Fathom.Reading.Extraction.Blocks;

namespace Fathom.Benchmarks;

/// <summary>
/// Where the page extractor's time goes: each stage timed on its own over a sample of the multi-type
/// pages (after one warm-up pass), in milliseconds per page.
/// </summary>
internal static class PageProfile
{
    public static int Run(int perType)
    {
        var pages = MultiTypePage.Load(MultiTypePage.LocateDataDirectory(), perType);
        var stages = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var round = 0; round < 2; round++)
        {
            stages.Clear();
            foreach (var page in pages)
            {
                var clock = Stopwatch.StartNew();
                void Lap(string stage)
                {
                    stages[stage] = stages.GetValueOrDefault(stage) + clock.Elapsed.TotalMilliseconds;
                    clock.Restart();
                }

                var document = new HtmlParser().ParseDocument(page.Html);
                Lap("parse");
                var metadata = MetadataReader.Read(document, page.Url);
                Lap("metadata");
                var signals = PageSignals.Read(document, page.Url);
                Lap("page signals");
                var body = document.Body ?? document.DocumentElement;
                var blocks = BlockSegmenter.Segment(body);
                Lap("segment");
                var copy = (AngleSharp.Dom.IElement)body.Clone(deep: true);
                Lap("clone");
                ArticleExtractor.ContentRoots(copy, metadata, ArticleExtractor.FirstPass);
                Lap("rule pass");
                var features = BlockFeatures.Compute(blocks, signals, metadata.Title);
                Lap("features");
                var scores = features.Select(f => ExtractionModels.Default.Blocks.Score(f)).ToArray();
                Lap("score");
                _ = new PageExtractor().Extract(page.Html, page.Url);
                Lap("whole extract");
            }
        }

        foreach (var (stage, ms) in stages)
        {
            Console.WriteLine($"{stage,-14} {ms / pages.Count,7:F2} ms/page");
        }

        return 0;
    }
}
