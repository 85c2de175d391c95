using System.Diagnostics;
using AngleSharp.Html.Parser;
using Fathom.Reading.Extraction;

namespace Fathom.Benchmarks;

/// <summary>
/// What AngleSharp's parse costs beside the whole extract, over every page of the multi-type set in
/// one process: per round, each page parsed alone by one reused parser (position tracking off, as in
/// the engine, which also leaves out the attributes it never reads and so parses a little faster),
/// then each page extracted whole, in milliseconds per page. Unlike the stage profile, nothing from
/// one step stays alive into the next, so each figure carries its own collections.
/// </summary>
internal static class ParseShare
{
    public static int Run(int rounds)
    {
        var pages = MultiTypePage.Load(MultiTypePage.LocateDataDirectory()).Select(p => (p.Html, p.Url)).ToList();
        var parser = new HtmlParser(new HtmlParserOptions { DisableElementPositionTracking = true });
        var extractor = new PageExtractor();
        for (var round = 1; round <= rounds; round++)
        {
            var clock = Stopwatch.StartNew();
            foreach (var (html, _) in pages)
            {
                _ = parser.ParseDocument(html);
            }

            var parse = clock.Elapsed.TotalMilliseconds / pages.Count;
            clock.Restart();
            foreach (var (html, url) in pages)
            {
                _ = extractor.Extract(html, url);
            }

            var extract = clock.Elapsed.TotalMilliseconds / pages.Count;
            Console.WriteLine($"round {round}: {pages.Count} pages, parse alone {parse:F2} ms/page, whole extract {extract:F2} ms/page ({parse / extract:P0})");
        }

        return 0;
    }
}
