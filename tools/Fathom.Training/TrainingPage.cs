using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace Fathom.Training;

/// <summary>One page of the multi-type set with its gold main content.</summary>
internal sealed record TrainingPage(string Id, string Type, string? Url, string MainContent, string HtmlPath)
{
    /// <summary>The pages of <paramref name="directory"/> (ground-truth/*.json, html/*.html.gz), sorted by id.</summary>
    public static List<TrainingPage> Load(string directory)
    {
        var pages = new List<TrainingPage>();
        foreach (var path in Directory.EnumerateFiles(Path.Combine(directory, "ground-truth"), "*.json").Order(StringComparer.Ordinal))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(path));
            var root = json.RootElement;
            var id = Path.GetFileNameWithoutExtension(path);
            pages.Add(new TrainingPage(
                id,
                TypeOf(root),
                root.TryGetProperty("url", out var url) ? url.GetString() : null,
                root.TryGetProperty("ground_truth", out var truth) && truth.TryGetProperty("main_content", out var main) ? main.GetString() ?? "" : "",
                Path.Combine(directory, "html", id + ".html.gz")));
        }

        return pages;
    }

    /// <summary>
    /// The pages of the article set in <paramref name="directory"/> (ground-truth.json with each page's
    /// articleBody and url, html/ID.html.gz), sorted by id: articles, their gold text the article body.
    /// </summary>
    public static List<TrainingPage> LoadArticles(string directory)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "ground-truth.json")));
        return json.RootElement.EnumerateObject().OrderBy(e => e.Name, StringComparer.Ordinal)
            .Select(e => Article(directory, e.Name, e.Value))
            .ToList();
    }

    private static TrainingPage Article(string directory, string id, JsonElement truth) => new(
        id,
        "article",
        truth.TryGetProperty("url", out var url) ? url.GetString() : null,
        truth.TryGetProperty("articleBody", out var body) ? body.GetString() ?? "" : "",
        Path.Combine(directory, "html", id + ".html.gz"));

    /// <summary>The page type as the scorer reads it ("category" is a collection; no type is an article).</summary>
    private static string TypeOf(JsonElement root)
    {
        var type = root.TryGetProperty("_internal", out var meta) && meta.TryGetProperty("page_type", out var t)
            ? t.ValueKind == JsonValueKind.Object && t.TryGetProperty("primary", out var primary) ? primary.GetString() : t.ValueKind == JsonValueKind.String ? t.GetString() : null
            : null;
        return type switch { null or "" => "article", "category" => "collection", _ => type };
    }

    /// <summary>The page's HTML.</summary>
    public string ReadHtml()
    {
        using var file = File.OpenRead(HtmlPath);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Folds by page, stratified by type: within each type the pages (sorted by id) are dealt to the
    /// folds in turn, so every fold holds a fifth of every type.
    /// </summary>
    /// <remarks>
    /// A <paramref name="seed"/> other than 0 deals each type's pages in an order shuffled by it: another deal, to see how
    /// much a figure owes to the deal. Pages in <paramref name="holdOut"/> make fold 0 alone, and the others are dealt to
    /// the rest: those pages are then read by models trained on all the others (a change that reads only some pages anew
    /// is measured on them without retraining the rest).
    /// </remarks>
    public static int[] Folds(IReadOnlyList<TrainingPage> pages, int folds, int seed = 0, IReadOnlySet<string>? holdOut = null)
    {
        var fold = new int[pages.Count];
        var random = new Random(seed);
        foreach (var group in pages.Select((p, i) => (p, i)).Where(x => holdOut?.Contains(x.p.Id) != true).GroupBy(x => x.p.Type))
        {
            var n = 0;
            var ordered = group.OrderBy(x => x.p.Id, StringComparer.Ordinal).ToList();
            foreach (var (_, i) in seed == 0 ? ordered : ordered.OrderBy(_ => random.Next()).ToList())
            {
                // Held-out pages make fold 0 alone; the others are dealt to the rest.
                fold[i] = holdOut is null ? n++ % folds : 1 + (n++ % (folds - 1));
            }
        }

        return fold;
    }
}
