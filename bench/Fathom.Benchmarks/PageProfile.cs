using System.Diagnostics;
using AngleSharp.Html.Parser;
using Fathom.Reading;
using Fathom.Reading.Extraction;
using Fathom.Reading.Extraction.Blocks;

namespace Fathom.Benchmarks;

/// <summary>
/// Where the page extractor's time goes: each stage timed on its own over the first pages of each type
/// of the multi-type set, or over all of them (after one warm-up pass), in milliseconds per page: the
/// extractor's own stages in its order (marking the rule pass's blocks and keeping are left out), and
/// the whole extract beside them.
/// </summary>
internal static class PageProfile
{
    public static int Run(int? perType)
    {
        var pages = MultiTypePage.Load(MultiTypePage.LocateDataDirectory(), perType);
        var models = ExtractionModels.Default;
        var extractor = new PageExtractor();
        var options = new HtmlParserOptions { DisableElementPositionTracking = true };
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

                _ = new HtmlParser().ParseDocument(page.Html);
                Lap("(parse, default options)");
                var document = new HtmlParser(options).ParseDocument(page.Html);
                Lap("parse");
                var metadata = MetadataReader.Read(document, page.Url);
                Lap("metadata");
                var signals = PageSignals.Read(document, page.Url);
                Lap("page signals");
                var body = document.Body ?? document.DocumentElement;
                var blocks = BlockSegmenter.Segment(body);
                Lap("segment");
                var tracked = blocks.Select(b => b.Element).ToHashSet();
                var copy = PageCleaner.CleanCopy(body, ArticleExtractor.FirstPass.StripUnlikely, tracked, new Dictionary<AngleSharp.Dom.IElement, AngleSharp.Dom.IElement>());
                Lap("clean copy for the rule pass");
                ArticleExtractor.CleanedContentRoots(copy, metadata, ArticleExtractor.FirstPass);
                Lap("rule pass");
                var features = BlockFeatures.Compute(blocks, signals, metadata.Title, NameEvidence.None);
                Lap("features");
                models.Names.Fill(blocks, features, BlockFeatures.NameEvidenceOffset);
                Lap("name evidence");
                var scores = features.Select(f => models.Blocks.Score(f)).ToArray();
                Lap("score blocks");
                var typeScores = extractor.TypeScores(PageTypeFeatures.Compute(signals, blocks, features));
                _ = PageExtractor.Classify(typeScores);
                Lap("page type");
                if (models.Context is { } context)
                {
                    _ = ContextFeatures.Compute(BlockLayout.Of(blocks), features, scores, models.Blocks.Threshold, typeScores).Select(f => context.Score(f)).ToArray();
                    Lap("context stage");
                }

                var analysis = PageAnalysis.Of(page.Html, page.Url);
                clock.Restart();
                _ = PageExtractor.Write(analysis, analysis.Blocks.Select(_ => true).ToArray());
                Lap("write (everything kept)");
                _ = extractor.Extract(page.Html, page.Url);
                Lap("whole extract");
            }
        }

        foreach (var (stage, ms) in stages)
        {
            Console.WriteLine($"{stage,-36} {ms / pages.Count,7:F2} ms/page");
        }

        return 0;
    }
}
