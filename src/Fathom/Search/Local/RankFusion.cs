namespace Fathom.Search.Local;

/// <summary>
/// Fuses a lexical (BM25) and a semantic (cosine) ranking of the same documents into one.
/// Two functions are offered because they were measured against each other (bench/README.md):
/// reciprocal rank fusion needs no calibration but, when the vector list covers the whole corpus
/// (as it does for a small one), rewards any page BM25 ranks first whether or not it means what was
/// asked; a convex combination of the scores keeps how much better one page matches than the next.
/// </summary>
public static class RankFusion
{
    /// <summary>The published default constant of reciprocal rank fusion.</summary>
    public const double DefaultK = 60;

    /// <summary>
    /// Weight of the semantic score in <see cref="Convex"/> (the lexical one gets the rest). On the
    /// research corpus every weight from 0 to 1 gave the same precision at 20; on the paraphrase set of
    /// the tests 0.8 and 0.9 did best of the mixes (MRR 0.67 against 0.37 for BM25 and for RRF), and
    /// the lower one keeps more of the lexical evidence (bench/README.md).
    /// </summary>
    public const double DefaultSemanticWeight = 0.8;

    /// <summary>
    /// Reciprocal rank fusion (Cormack, Clarke and Büttcher, 2009): the sum over rankings of
    /// 1 / (k + rank), best first; ties keep first-seen order.
    /// </summary>
    public static List<(T Key, double Score)> Reciprocal<T>(IEnumerable<IReadOnlyList<T>> rankings, double k = DefaultK)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(rankings);
        var scores = new Dictionary<T, double>();
        var order = new List<T>();
        foreach (var ranking in rankings)
        {
            for (var rank = 0; rank < ranking.Count; rank++)
            {
                if (!scores.TryGetValue(ranking[rank], out var score))
                {
                    order.Add(ranking[rank]);
                }

                scores[ranking[rank]] = score + (1 / (k + rank + 1));
            }
        }

        return Sorted(order, scores);
    }

    /// <summary>
    /// A convex combination (Bruch, Gai and Ingber, 2023): w × semantic + (1 − w) × lexical, each
    /// normalised over the query's list so the best match of either kind scores 1 whatever the raw
    /// scale (BM25 from zero, cosine from the list's worst). A page missing from a list scores 0 there.
    /// </summary>
    public static List<(T Key, double Score)> Convex<T>(IReadOnlyList<(T Key, double Score)> lexical, IReadOnlyList<(T Key, double Score)> semantic, double semanticWeight = DefaultSemanticWeight)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(lexical);
        ArgumentNullException.ThrowIfNull(semantic);
        var scores = new Dictionary<T, double>();
        var order = new List<T>();
        foreach (var (list, weight) in new[] { (lexical, 1 - semanticWeight), (semantic, semanticWeight) })
        {
            if (list.Count == 0)
            {
                continue;
            }

            // BM25 has a natural zero (no query word matched); cosine has none, so its floor is the list's worst.
            var low = ReferenceEquals(list, lexical) ? 0 : list.Min(p => p.Score);
            var span = list.Max(p => p.Score) - low;
            foreach (var (key, score) in list)
            {
                if (!scores.TryGetValue(key, out var current))
                {
                    order.Add(key);
                }

                scores[key] = current + (weight * (span > 0 ? (score - low) / span : 1));
            }
        }

        return Sorted(order, scores);
    }

    private static List<(T Key, double Score)> Sorted<T>(List<T> order, Dictionary<T, double> scores)
        where T : notnull =>
        order.Select((key, i) => (Key: key, Score: scores[key], Seen: i))
            .OrderByDescending(t => t.Score)
            .ThenBy(t => t.Seen)
            .Select(t => (t.Key, t.Score))
            .ToList();
}
