using System.Text.Json;

namespace Fathom.Models.Tests.Support;

/// <summary>Documents of the shared research corpus (JSON with url, title and text), found beside the repository.</summary>
internal static class Corpus
{
    public sealed record Doc(string Url, string Title, string Text, string QueryId);

    private static readonly Lazy<IReadOnlyList<Doc>> All = new(Load);

    public static IReadOnlyList<Doc> ForQuery(string queryId) => All.Value.Where(d => d.QueryId == queryId).ToList();

    public static string Directory
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Fathom.slnx")))
            {
                dir = dir.Parent;
            }

            var corpus = Path.GetFullPath(Path.Combine(dir?.FullName ?? ".", "..", "shared", "data", "research", "corpus"));
            return System.IO.Directory.Exists(corpus)
                ? corpus
                : throw new DirectoryNotFoundException($"The research corpus is expected at {corpus} (the shared folder beside the repository).");
        }
    }

    private static List<Doc> Load()
    {
        var docs = new List<Doc>();
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*.json").Order(StringComparer.Ordinal))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            var root = json.RootElement;
            docs.Add(new Doc(
                root.GetProperty("url").GetString()!,
                root.GetProperty("title").GetString()!,
                root.GetProperty("text").GetString()!,
                root.TryGetProperty("query_id", out var q) ? q.GetString()! : ""));
        }

        return docs;
    }
}
