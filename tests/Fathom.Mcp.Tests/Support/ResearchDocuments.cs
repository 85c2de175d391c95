using System.Text.Json;

namespace Fathom.Mcp.Tests.Support;

/// <summary>The shared research corpus: 137 web documents behind five questions.</summary>
internal static class ResearchDocuments
{
    public sealed record Document(string Id, string Url, string Title, string Text, string QueryId);

    private static readonly Lazy<IReadOnlyList<Document>> Loaded = new(Load);

    public static IReadOnlyList<Document> All => Loaded.Value;

    /// <summary>Writes the documents of one question as JSON files into <paramref name="directory"/>, for a local corpus.</summary>
    public static void WriteCorpus(string directory, string queryId)
    {
        Directory.CreateDirectory(directory);
        foreach (var doc in All.Where(d => d.QueryId == queryId))
        {
            File.WriteAllText(Path.Combine(directory, doc.Id + ".json"), JsonSerializer.Serialize(new Dictionary<string, string> { ["url"] = doc.Url, ["title"] = doc.Title, ["text"] = doc.Text }));
        }
    }

    private static IReadOnlyList<Document> Load()
    {
        var list = new List<Document>();
        foreach (var file in Directory.EnumerateFiles(Paths.ResearchCorpus, "*.json").Order(StringComparer.Ordinal))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            var r = doc.RootElement;
            list.Add(new Document(r.GetProperty("id").GetString()!, r.GetProperty("url").GetString()!, r.GetProperty("title").GetString() ?? "", r.GetProperty("text").GetString()!, r.GetProperty("query_id").GetString()!));
        }

        return list;
    }
}
