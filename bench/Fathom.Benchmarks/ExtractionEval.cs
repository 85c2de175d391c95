using System.Text.Json;
using Fathom.Reading.Extraction;

namespace Fathom.Benchmarks;

/// <summary>
/// Writes the predictions file the extraction scorer reads: every page of the data set run through
/// the article extractor (or SmartReader, for comparison), as {id: {"articleBody": text}}.
/// </summary>
internal static class ExtractionEval
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static int Run(string output, string extractor)
    {
        var pages = ExtractionPage.Load(ExtractionPage.LocateDataDirectory());
        var fathom = new PageExtractor();
        var rules = new ArticleExtractor();
        var predictions = new SortedDictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var page in pages)
        {
            var text = extractor switch
            {
                "rules" => rules.Extract(page.Html, page.Url).Text,
                "smartreader" => new SmartReader.Reader(page.Url ?? "https://example.org/", page.Html).GetArticle().TextContent ?? string.Empty,
                _ => fathom.Extract(page.Html, page.Url).Text,
            };
            predictions[page.Id] = new Dictionary<string, string> { ["articleBody"] = text };
        }

        File.WriteAllText(output, JsonSerializer.Serialize(predictions, Indented));
        Console.WriteLine($"{predictions.Count} pages written to {output}");
        return 0;
    }
}
