using BenchmarkDotNet.Attributes;
using Fathom.Reading.Documents;
using Fathom.Search.Local;

namespace Fathom.Benchmarks;

/// <summary>Index build rate and query latency of the SQLite FTS5 local index on the research corpus.</summary>
[MemoryDiagnoser]
public class LocalIndexBenchmarks
{
    private string _dir = "";
    private LocalIndex _index = null!;
    private string[] _queries = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("fathom-bench-").FullName;
        _index = LocalIndex.Open(Path.Combine(_dir, "query.db"));
        _index.UpdateAsync(SharedData.ResearchCorpus, new DocumentLoader()).GetAwaiter().GetResult();
        _queries = File.ReadAllLines(SharedData.ResearchQueries)
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("query").GetString()!)
            .ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _index.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>Builds a fresh index of the whole corpus (137 documents); documents/s = 137 / mean.</summary>
    [Benchmark]
    public async Task<long> BuildIndex()
    {
        var path = Path.Combine(_dir, $"build-{Guid.NewGuid():N}.db");
        using var index = LocalIndex.Open(path);
        await index.UpdateAsync(SharedData.ResearchCorpus, new DocumentLoader());
        return index.DocumentCount;
    }

    /// <summary>One BM25 query (top 10), cycling through the research questions.</summary>
    [Benchmark]
    public int Query() => _index.Search(_queries[_next++ % _queries.Length], 10).Count;
}
