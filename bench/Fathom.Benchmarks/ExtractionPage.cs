using System.IO.Compression;
using System.Text;

namespace Fathom.Benchmarks;

/// <summary>The article-extraction pages of the shared data set: id, HTML and URL.</summary>
internal sealed record ExtractionPage(string Id, string Html, string? Url)
{
    /// <summary>Finds the data set: FATHOM_EXTRACTION_DATA, else ../shared/data/extraction above the working or program folder.</summary>
    public static string LocateDataDirectory()
    {
        if (Environment.GetEnvironmentVariable("FATHOM_EXTRACTION_DATA") is { Length: > 0 } configured)
        {
            return configured;
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "..", "shared", "data", "extraction");
                if (File.Exists(Path.Combine(candidate, "ground-truth.json")))
                {
                    return Path.GetFullPath(candidate);
                }
            }
        }

        throw new DirectoryNotFoundException("The extraction data set was not found: expected ../shared/data/extraction above the repository root, or set FATHOM_EXTRACTION_DATA to its folder.");
    }

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
