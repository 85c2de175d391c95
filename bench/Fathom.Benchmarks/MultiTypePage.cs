using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace Fathom.Benchmarks;

/// <summary>One page of the multi-type page set (<c>../shared/data/pages</c>): id, page type, HTML and URL.</summary>
internal sealed record MultiTypePage(string Id, string Type, string Html, string? Url)
{
    /// <summary>The data set: FATHOM_PAGES_DATA when set, else ../shared/data/pages beside the repository.</summary>
    public static string LocateDataDirectory() =>
        Environment.GetEnvironmentVariable("FATHOM_PAGES_DATA") is { Length: > 0 } configured
            ? configured
            : Path.Combine(SharedData.Root, "data", "pages");

    /// <summary>
    /// Loads the pages in <paramref name="directory"/>, sorted by id; with <paramref name="perType"/> set,
    /// only an even sample of that many pages of each type (every k-th page of the type, so the same sample every time).
    /// </summary>
    public static List<MultiTypePage> Load(string directory, int? perType = null) => Read(directory, perType).ToList();

    /// <summary>
    /// <see cref="Load"/>, one page at a time: each page's HTML is read when it is reached, so a pass
    /// over the whole set holds one page in memory, not all of them (over a gigabyte as strings).
    /// </summary>
    public static IEnumerable<MultiTypePage> Read(string directory, int? perType = null)
    {
        var all = new List<(string Id, string Type, string? Url)>();
        foreach (var path in Directory.EnumerateFiles(Path.Combine(directory, "ground-truth"), "*.json").Order(StringComparer.Ordinal))
        {
            using var truth = JsonDocument.Parse(File.ReadAllText(path));
            var root = truth.RootElement;
            var type = root.GetProperty("_internal").GetProperty("page_type").GetProperty("primary").GetString() ?? "unknown";
            var url = root.TryGetProperty("url", out var u) ? u.GetString() : null;
            all.Add((Path.GetFileNameWithoutExtension(path), type, url));
        }

        var chosen = perType is not { } n
            ? all
            : all.GroupBy(p => p.Type).SelectMany(g => g.Where((_, i) => i % Math.Max(1, g.Count() / n) == 0).Take(n)).OrderBy(p => p.Id, StringComparer.Ordinal).ToList();
        return chosen.Select(p => new MultiTypePage(p.Id, p.Type, ReadHtml(Path.Combine(directory, "html", p.Id + ".html.gz")), p.Url));
    }

    private static string ReadHtml(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
