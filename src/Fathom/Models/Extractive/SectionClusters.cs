using Fathom.Semantic;

namespace Fathom.Models.Extractive;

/// <summary>A section found in the report's own sentences: its heading and the sentences (by index) under it.</summary>
public sealed record NamedCluster(string Heading, IReadOnlyList<int> Members);

/// <summary>
/// Sections for the sentences that fit no heading of the plan: the sentences are grouped by meaning
/// (average-link clustering of their embeddings), and a group is named by the noun phrase that most
/// of it shares and that is closest in meaning to the group as a whole: a phrase a person would write
/// as a heading ("Quote support", "Source numbers"), never a verb fragment, since every phrase ends in
/// a word the text uses as a noun (<see cref="PhraseGrammar"/>). A group with no such phrase, or too
/// small to be a section, stays under "Further findings".
/// </summary>
public sealed class SectionClusters(ExtractiveOptions options)
{
    /// <summary>
    /// Groups and names <paramref name="texts"/> (with their unit-length <paramref name="vectors"/>);
    /// <paramref name="embed"/> embeds the candidate headings. Headings made only of
    /// <paramref name="questionStems"/> (the title says those) or sharing a word with
    /// <paramref name="taken"/> headings are not used. Largest group first.
    /// </summary>
    public async Task<List<NamedCluster>> NameAsync(
        IReadOnlyList<string> texts,
        IReadOnlyList<float[]> vectors,
        PhraseGrammar grammar,
        IReadOnlySet<string> questionStems,
        IEnumerable<string> taken,
        Func<IReadOnlyList<string>, Task<IReadOnlyList<float[]>>> embed)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(embed);
        var groups = Cluster(vectors, options.SectionJoin)
            .Where(g => g.Count >= options.MinSectionSentences)
            .OrderByDescending(g => g.Count)
            .ThenBy(g => g[0])
            .ToList();
        var used = (taken ?? []).SelectMany(Concepts.ContentStems).ToHashSet(StringComparer.Ordinal);

        // The phrases each group shares (in at least two of its sentences), with how each is written.
        var offered = new List<List<(string Key, string Surface, int Support)>>();
        foreach (var group in groups)
        {
            var support = new Dictionary<string, (string Surface, int Count)>(StringComparer.Ordinal);
            foreach (var member in group)
            {
                foreach (var (key, surface) in NounPhrases.Of(texts[member], grammar).DistinctBy(p => p.Key))
                {
                    support[key] = support.TryGetValue(key, out var s) ? (s.Surface, s.Count + 1) : (surface, 1);
                }
            }

            offered.Add(support.Where(p => p.Value.Count >= 2).Select(p => (p.Key, p.Value.Surface, p.Value.Count)).ToList());
        }

        var surfaces = offered.SelectMany(o => o.Select(p => p.Surface)).Distinct(StringComparer.Ordinal).ToList();
        var phraseVectors = surfaces.Count == 0 ? [] : await embed(surfaces);
        var vectorOf = surfaces.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => phraseVectors[p.i], StringComparer.Ordinal);

        var named = new List<NamedCluster>();
        for (var g = 0; g < groups.Count && named.Count < options.MaxFoundSections; g++)
        {
            var centroid = Centroid(groups[g].Select(i => vectors[i]).ToList());
            var best = offered[g]
                .Where(p => p.Key.Split(' ').Where(k => !questionStems.Contains(k)).ToList() is { Count: > 0 } own && !own.Any(used.Contains))
                .Select(p => (p.Key, p.Surface, Fit: Vectors.Cosine(vectorOf[p.Surface], centroid)))
                .OrderByDescending(p => p.Fit)
                .ThenBy(p => p.Key, StringComparer.Ordinal)
                .FirstOrDefault();
            if (best.Surface is null)
            {
                continue;
            }

            used.UnionWith(best.Key.Split(' ').Where(k => !questionStems.Contains(k)));
            named.Add(new NamedCluster(char.ToUpperInvariant(best.Surface[0]) + best.Surface[1..], groups[g]));
        }

        return named;
    }

    /// <summary>Average-link agglomerative clustering: the two closest groups merge while their mean cosine reaches <paramref name="joinAt"/>.</summary>
    public static List<List<int>> Cluster(IReadOnlyList<float[]> vectors, double joinAt)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        var n = vectors.Count;
        var similarity = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                similarity[i, j] = similarity[j, i] = Vectors.Cosine(vectors[i], vectors[j]);
            }
        }

        var groups = Enumerable.Range(0, n).Select(i => new List<int> { i }).ToList();
        while (groups.Count > 1)
        {
            var (bestA, bestB, bestLink) = (-1, -1, double.NegativeInfinity);
            for (var a = 0; a < groups.Count; a++)
            {
                for (var b = a + 1; b < groups.Count; b++)
                {
                    var link = groups[a].Sum(i => groups[b].Sum(j => similarity[i, j])) / (groups[a].Count * groups[b].Count);
                    if (link > bestLink)
                    {
                        (bestA, bestB, bestLink) = (a, b, link);
                    }
                }
            }

            if (bestLink < joinAt)
            {
                break;
            }

            groups[bestA].AddRange(groups[bestB]);
            groups[bestA].Sort();
            groups.RemoveAt(bestB);
        }

        return groups;
    }

    private static float[] Centroid(List<float[]> members)
    {
        var sum = new float[members[0].Length];
        foreach (var v in members)
        {
            for (var i = 0; i < sum.Length; i++)
            {
                sum[i] += v[i];
            }
        }

        return Vectors.Normalized(sum);
    }
}
