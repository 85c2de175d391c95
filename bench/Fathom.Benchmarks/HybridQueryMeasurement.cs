using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Fathom.Relevance;
using Fathom.Search.Local;

namespace Fathom.Benchmarks;

/// <summary>
/// Query latency of an existing index, BM25 alone against hybrid (query embedding, vector scan, fusion),
/// over the research questions; the model is loaded and each query warmed once before timing.
/// </summary>
internal static class HybridQueryMeasurement
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 1)
        {
            Console.Error.WriteLine("usage: hybrid-query INDEX.db (an index built with the built-in embedder: fathom index DIR --index INDEX.db)");
            return 2;
        }

        using var index = LocalIndex.Open(args[0], SharedEmbedder.BuiltIn);
        var questions = File.ReadLines(SharedData.ResearchQueries).Where(l => l.Trim().Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("query").GetString()!).ToList();
        foreach (var q in questions)
        {
            index.Search(q, 10);
            await index.SearchAsync(q, 10);
        }

        const int Repeats = 10;
        var lexical = Stopwatch.StartNew();
        for (var r = 0; r < Repeats; r++)
        {
            foreach (var q in questions)
            {
                index.Search(q, 10);
            }
        }

        lexical.Stop();
        var hybrid = Stopwatch.StartNew();
        for (var r = 0; r < Repeats; r++)
        {
            foreach (var q in questions)
            {
                // A new wording each time, so the query's embedding is computed, not cached.
                await index.SearchAsync(q + " " + r.ToString(CultureInfo.InvariantCulture), 10);
            }
        }

        hybrid.Stop();
        var n = Repeats * questions.Count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{index.DocumentCount} documents; BM25 top 10: {lexical.Elapsed.TotalMilliseconds / n:F1} ms/query; hybrid top 10: {hybrid.Elapsed.TotalMilliseconds / n:F1} ms/query"));
        return 0;
    }
}
