using AngleSharp.Dom;
using Fathom.Reading.Extraction.Blocks;

namespace Fathom.Training;

/// <summary>
/// The names above each block of a page (<see cref="NamePieces"/> of its element and the containers
/// up to <see cref="NameEvidence.Levels"/>) and what they hold of the page's content, kept so that
/// <see cref="NameEvidence"/> tables can be learned from any set of pages and read into the block
/// features again: target encoding, each page's features from a table that never saw it.
/// </summary>
internal sealed class NameTables
{
    /// <summary>A word is learned only where pages of at least this many sites use it (no site's own names).</summary>
    internal const int MinSites = 5;

    /// <summary>Pages' worth of the average a word's rate is drawn towards.</summary>
    internal const double Prior = 2;

    /// <summary>Words under a name at which a page's rate counts half.</summary>
    internal const double HalfWords = 20;

    private readonly string[][] elements;
    private readonly int[][] chains;
    private readonly Dictionary<string, (double Content, double Words)> perWord;
    private readonly double contentShare;
    private readonly string site;

    private NameTables(string site, string[][] elements, int[][] chains, Dictionary<string, (double Content, double Words)> perWord, double contentShare)
    {
        this.site = site;
        this.elements = elements;
        this.chains = chains;
        this.perWord = perWord;
        this.contentShare = contentShare;
    }

    /// <summary>The site of a page: its address's host without "www.", or the page itself where it has no address.</summary>
    public static string Site(string? url, string id) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Host.Length > 0 ? (uri.Host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? uri.Host[4..] : uri.Host).ToLowerInvariant() : "page:" + id;

    /// <summary>
    /// The names above each of <paramref name="blocks"/> and, by <paramref name="labels"/>, how many of the
    /// words under each name are content, on a page of <paramref name="site"/> (its host name).
    /// </summary>
    public static NameTables Of(string site, IReadOnlyList<ContentBlock> blocks, bool[] labels, IReadOnlyList<int> words)
    {
        var ids = new Dictionary<IElement, int>(ReferenceEqualityComparer.Instance);
        var elements = new List<string[]>();
        var chains = new int[blocks.Count][];
        var perWord = new Dictionary<string, (double Content, double Words)>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        double content = 0, total = 0;
        for (var b = 0; b < blocks.Count; b++)
        {
            var chain = new List<int>(NameEvidence.Levels);
            seen.Clear();
            for (var e = blocks[b].Element; e is not null && chain.Count < NameEvidence.Levels; e = e.ParentElement)
            {
                if (!ids.TryGetValue(e, out var id))
                {
                    id = ids[e] = elements.Count;
                    elements.Add(NamePieces.Of(e));
                }

                chain.Add(id);
                seen.UnionWith(elements[id]);
            }

            chains[b] = [.. chain];
            var w = words[b];
            var c = labels[b] ? w : 0;
            content += c;
            total += w;
            foreach (var word in seen)
            {
                var (sc, sw) = perWord.GetValueOrDefault(word);
                perWord[word] = (sc + c, sw + w);
            }
        }

        return new NameTables(site, [.. elements], chains, perWord, total > 0 ? content / total : 0);
    }

    /// <summary>
    /// The table learned from <paramref name="pages"/>: each word used on pages of at least
    /// <see cref="MinSites"/> sites (a site's generated names, repeated on its every page, are not
    /// learned), its rate of content (each page's share of content among the words under the name, a
    /// page weighing more the more words it has there) drawn towards the pages' mean share by
    /// <see cref="Prior"/> pages, as log-odds against that mean.
    /// </summary>
    public static NameEvidence Learn(IEnumerable<NameTables> pages)
    {
        var list = pages.ToList();
        var mean = Math.Clamp(list.Average(p => p.contentShare), 0.01, 0.99);
        var sums = new Dictionary<string, (double Weight, double Rate)>(StringComparer.Ordinal);
        var sites = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var page in list)
        {
            foreach (var (word, (content, words)) in page.perWord)
            {
                if (words <= 0)
                {
                    continue;
                }

                var weight = words / (words + HalfWords);
                var (sw, sr) = sums.GetValueOrDefault(word);
                sums[word] = (sw + weight, sr + (weight * content / words));
                if (!sites.TryGetValue(word, out var on))
                {
                    sites[word] = on = new HashSet<string>(StringComparer.Ordinal);
                }

                on.Add(page.site);
            }
        }

        var baseline = Math.Log(mean / (1 - mean));
        var table = new Dictionary<string, float>(StringComparer.Ordinal);
        foreach (var (word, (weight, rate)) in sums)
        {
            if (sites[word].Count >= MinSites)
            {
                var p = Math.Clamp((rate + (Prior * mean)) / (weight + Prior), 0.001, 0.999);
                table[word] = (float)(Math.Log(p / (1 - p)) - baseline);
            }
        }

        return new NameEvidence(table);
    }

    /// <summary>Writes what <paramref name="table"/> reads of the names above each block into the page's block features, as the engine does.</summary>
    public void Fill(NameEvidence table, float[][] features)
    {
        var scores = elements.Select(table.Score).ToArray();
        Span<float> levels = stackalloc float[NameEvidence.Levels];
        for (var b = 0; b < chains.Length; b++)
        {
            var chain = chains[b];
            for (var l = 0; l < chain.Length; l++)
            {
                levels[l] = scores[chain[l]];
            }

            NameEvidence.Fill(levels[..chain.Length], features[b].AsSpan(BlockFeatures.NameEvidenceOffset, NameEvidence.Names.Length));
        }
    }
}
