using System.Globalization;
using AngleSharp.Dom;

namespace Fathom.Reading.Extraction.Blocks;

/// <summary>
/// What the words of class, id, itemprop and role names (<see cref="NamePieces"/>) say of whether the
/// text under them is main content, learned from the training pages rather than listed by hand: each
/// word's log-odds of content, against the pages' average, among the words under elements so named
/// (a word is learned only where pages of enough sites use it, so no site's own names are). A block reads them
/// for its element and the containers above it.
/// </summary>
internal sealed class NameEvidence
{
    /// <summary>How many elements up from a block are read (its own element included).</summary>
    public const int Levels = 10;

    /// <summary>Names of the features written for each block, in order.</summary>
    public static readonly string[] Names = ["names_own", "names_parent", "names_grand", "names_min", "names_max", "names_nearest"];

    private const string Header = "# name-evidence: word\tlog-odds of content";

    private readonly Dictionary<string, float> logOdds;

    /// <summary>A table of learned words and their log-odds.</summary>
    public NameEvidence(IReadOnlyDictionary<string, float> logOdds) => this.logOdds = new Dictionary<string, float>(logOdds, StringComparer.Ordinal);

    /// <summary>No learned word: every name reads as unknown.</summary>
    public static NameEvidence None { get; } = new(new Dictionary<string, float>());

    /// <summary>How many words the table knows.</summary>
    public int Count => logOdds.Count;

    /// <summary>
    /// The mean log-odds of the learned words among <paramref name="pieces"/> (an element's name words), or
    /// <see cref="float.NaN"/> when none is learned.
    /// </summary>
    public float Score(string[] pieces)
    {
        var sum = 0f;
        var known = 0;
        Add(pieces, ref sum, ref known);
        return known == 0 ? float.NaN : sum / known;
    }

    /// <summary>
    /// <see cref="Score(string[])"/> of the element's <see cref="NamePieces.Of"/>, summed attribute by
    /// attribute in the same order (the same number) without joining the attributes' words.
    /// </summary>
    public float Score(IElement e)
    {
        var (cls, id, prop, role) = NamePieces.ByAttribute(e);
        var sum = 0f;
        var known = 0;
        Add(cls, ref sum, ref known);
        Add(id, ref sum, ref known);
        Add(prop, ref sum, ref known);
        Add(role, ref sum, ref known);
        return known == 0 ? float.NaN : sum / known;
    }

    /// <summary>Writes each block's features (see <see cref="Names"/>) at <paramref name="offset"/> of its vector.</summary>
    public void Fill(IReadOnlyList<ContentBlock> blocks, float[][] vectors, int offset)
    {
        if (logOdds.Count == 0)
        {
            // Nothing learned: every feature is 0, and no element's names need reading.
            foreach (var vector in vectors)
            {
                vector.AsSpan(offset, Names.Length).Clear();
            }

            return;
        }

        var scores = new Dictionary<IElement, float>(ReferenceEqualityComparer.Instance);
        Span<float> levels = stackalloc float[Levels];
        for (var i = 0; i < blocks.Count; i++)
        {
            var count = 0;
            for (var e = blocks[i].Element; e is not null && count < Levels; e = e.ParentElement)
            {
                if (!scores.TryGetValue(e, out var score))
                {
                    score = Score(e);
                    scores[e] = score;
                }

                levels[count++] = score;
            }

            Fill(levels[..count], vectors[i].AsSpan(offset, Names.Length));
        }
    }

    /// <summary>
    /// A block's features from the scores of its element and the containers above it, nearest first
    /// (NaN where no word is learned): its own element's, its parent's and grandparent's, the lowest and
    /// highest of them all, and the nearest known one (0 for each where none is known).
    /// </summary>
    public static void Fill(ReadOnlySpan<float> levels, Span<float> features)
    {
        float min = float.NaN, max = float.NaN, nearest = float.NaN;
        foreach (var score in levels)
        {
            if (float.IsNaN(score))
            {
                continue;
            }

            nearest = float.IsNaN(nearest) ? score : nearest;
            min = float.IsNaN(min) ? score : Math.Min(min, score);
            max = float.IsNaN(max) ? score : Math.Max(max, score);
        }

        features[0] = Known(levels, 0);
        features[1] = Known(levels, 1);
        features[2] = Known(levels, 2);
        features[3] = float.IsNaN(min) ? 0 : min;
        features[4] = float.IsNaN(max) ? 0 : max;
        features[5] = float.IsNaN(nearest) ? 0 : nearest;
    }

    /// <summary>Reads the text form (what <see cref="Write"/> writes).</summary>
    public static NameEvidence Read(TextReader reader)
    {
        var table = new Dictionary<string, float>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            table[line[..tab]] = float.Parse(line.AsSpan(tab + 1), CultureInfo.InvariantCulture);
        }

        return new NameEvidence(table);
    }

    /// <summary>The text form: a header line, then one word and its log-odds a line, in ordinal order.</summary>
    public string Write() =>
        string.Concat(logOdds.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}\t{p.Value.ToString("R", CultureInfo.InvariantCulture)}\n").Prepend(Header + "\n"));

    private void Add(string[] pieces, ref float sum, ref int known)
    {
        foreach (var piece in pieces)
        {
            if (logOdds.TryGetValue(piece, out var value))
            {
                sum += value;
                known++;
            }
        }
    }

    private static float Known(ReadOnlySpan<float> levels, int level) => level < levels.Length && !float.IsNaN(levels[level]) ? levels[level] : 0;
}
