using Fathom.Semantic;

namespace Fathom.Search.Local;

/// <summary>One embedded chunk in memory: its document, where it lies in the text, and its unit vector.</summary>
internal readonly record struct ChunkVector(long DocumentId, int Start, int Length, float[] Vector);

/// <summary>
/// The index's chunk vectors, held in memory for a brute-force nearest-neighbour scan. A corpus of a
/// few thousand documents has tens of thousands of chunks: one scan is a few milliseconds, with no
/// approximate index to keep in step with incremental updates.
/// </summary>
internal sealed class ChunkVectors(IReadOnlyList<ChunkVector> chunks)
{
    public int Count => chunks.Count;

    /// <summary>Documents by their best chunk's cosine to <paramref name="query"/>, best first, with that chunk.</summary>
    public List<(long DocumentId, double Score, ChunkVector Chunk)> Nearest(ReadOnlySpan<float> query, int limit)
    {
        var best = new Dictionary<long, (double Score, ChunkVector Chunk)>();
        foreach (var chunk in chunks)
        {
            var score = Vectors.Cosine(query, chunk.Vector);
            if (!best.TryGetValue(chunk.DocumentId, out var current) || score > current.Score)
            {
                best[chunk.DocumentId] = (score, chunk);
            }
        }

        return best.OrderByDescending(p => p.Value.Score).ThenBy(p => p.Key).Take(limit)
            .Select(p => (p.Key, p.Value.Score, p.Value.Chunk)).ToList();
    }
}
