using System.IO.Compression;
using System.Text;

namespace Fathom.Benchmarks;

/// <summary>The article-extraction pages of the shared data set: id, HTML and URL.</summary>
internal sealed record ExtractionPage(string Id, string Html, string? Url)
{
    /// <summary>The data set: FATHOM_EXTRACTION_DATA when set, else ../shared/data/extraction beside the repository.</summary>
    public static string LocateDataDirectory() =>
        Environment.GetEnvironmentVariable("FATHOM_EXTRACTION_DATA") is { Length: > 0 } configured
            ? configured
            : Path.Combine(SharedData.Root, "data", "extraction");

    /// <summary>Loads every page of the data set in <paramref name="directory"/>, sorted by id.</summary>
    public static List<ExtractionPage> Load(string directory)
    {
        using var truth = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "ground-truth.json")));
        var pages = new List<ExtractionPage>();
        foreach (var entry in truth.RootElement.EnumerateObject().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var url = entry.Value.TryGetProperty("url", out var u) ? u.GetString() : null;
            using var file = File.OpenRead(Path.Combine(directory, "html", entry.Name + ".html.gz"));
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var reader = new StreamReader(gzip, Encoding.UTF8);
            pages.Add(new ExtractionPage(entry.Name, reader.ReadToEnd(), url));
        }

        return pages;
    }
}
