using Fathom.Text;
using Microsoft.Extensions.AI;

namespace Fathom.Research.Support;

/// <summary>
/// Decides whether a cited sentence says what one quote of its sources says, reading word order:
/// the sentence must be contained in the quote (most of its words in runs of three or more that the
/// quote has, in the same order), or, when sentence embeddings are at hand, be close to the quote in
/// meaning without being the quote's words reordered. Either way it must rest on one quote: a
/// sentence stitched from the words of two quotes makes a claim neither makes, and is not supported.
/// </summary>
public sealed class QuoteSupport
{
    /// <summary>Words in a run that counts as the quote's own wording.</summary>
    public const int RunLength = 3;

    /// <summary>Share of a sentence's words that must lie in runs of the quote for the sentence to be contained in it.</summary>
    public const double ContainedShare = 0.7;

    /// <summary>Cosine similarity from which a sentence paraphrases a quote (sentence embeddings, normalised).</summary>
    public const double ParaphraseSimilarity = 0.65;

    /// <summary>
    /// Share of a sentence's content words found in the quote from which the sentence is in the quote's
    /// own words: such a sentence is supported only by containment, since out of the quote's order it is
    /// the quote reordered. A paraphrase brings wording of its own, and only it is judged by meaning.
    /// </summary>
    public const double ReorderedWords = 0.8;

    private readonly IReadOnlyDictionary<string, ReadOnlyMemory<float>> _vectors;

    private QuoteSupport(IReadOnlyDictionary<string, ReadOnlyMemory<float>> vectors) => _vectors = vectors;

    /// <summary>The lexical test only: containment in a quote.</summary>
    public static QuoteSupport Lexical { get; } = new(new Dictionary<string, ReadOnlyMemory<float>>());

    /// <summary>
    /// A test that also accepts close paraphrases, with the embeddings of <paramref name="texts"/>
    /// (the sentences and quotes to compare) computed at once; without a generator, <see cref="Lexical"/>.
    /// </summary>
    public static async Task<QuoteSupport> CreateAsync(IEmbeddingGenerator<string, Embedding<float>>? embedder, IEnumerable<string> texts, CancellationToken cancellationToken)
    {
        if (embedder is null)
        {
            return Lexical;
        }

        var distinct = texts.Select(Key).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count == 0)
        {
            return Lexical;
        }

        var embeddings = await embedder.GenerateAsync(distinct, cancellationToken: cancellationToken);
        var vectors = new Dictionary<string, ReadOnlyMemory<float>>(StringComparer.Ordinal);
        for (var i = 0; i < distinct.Count && i < embeddings.Count; i++)
        {
            vectors[distinct[i]] = embeddings[i].Vector;
        }

        return new QuoteSupport(vectors);
    }

    /// <summary>
    /// The quotes among <paramref name="candidates"/> that each support <paramref name="sentence"/> on
    /// their own; <paramref name="others"/> are every quote of the run, to catch a sentence stitched from two.
    /// </summary>
    public IReadOnlyList<(int Source, string Quote)> Supporting(string sentence, IEnumerable<(int Source, string Quote)> candidates, IReadOnlyCollection<string> others)
    {
        var words = Words.Tokens(sentence);
        if (words.Count == 0)
        {
            return [];
        }

        var result = new List<(int Source, string Quote, double Score)>();
        foreach (var (source, quote) in candidates)
        {
            if (Score(sentence, words, quote, others) is { } score)
            {
                result.Add((source, quote, score));
            }
        }

        return result.OrderByDescending(r => r.Score).Select(r => (r.Source, r.Quote)).ToList();
    }

    /// <summary>
    /// Whether <paramref name="quote"/> contains <paramref name="sentence"/> by its words alone (runs of
    /// the quote's wording), the test that needs no embedding.
    /// </summary>
    public static bool Contains(string sentence, string quote)
    {
        var words = Words.Tokens(sentence);
        if (words.Count == 0)
        {
            return false;
        }

        var share = (double)Covered(words, Runs(Words.Tokens(quote))).Count(c => c) / words.Count;
        return words.Count < RunLength * 2 ? share >= 1.0 : share >= ContainedShare;
    }

    /// <summary>The <paramref name="count"/> quotes that contain most of the sentence's content words, best first.</summary>
    public static IEnumerable<string> Nearest(string sentence, IEnumerable<string> quotes, int count)
    {
        var content = Words.ContentTokens(sentence);
        return content.Count == 0
            ? []
            : quotes.Select((q, i) => (Quote: q, Index: i, Recall: Words.Recall(content, Words.ContentTokens(q))))
                .Where(p => p.Recall > 0)
                .OrderByDescending(p => p.Recall)
                .ThenBy(p => p.Index)
                .Take(count)
                .Select(p => p.Quote);
    }

    /// <summary>How well <paramref name="quote"/> alone supports the sentence, or null when it does not.</summary>
    private double? Score(string sentence, List<string> words, string quote, IReadOnlyCollection<string> others)
    {
        var quoteWords = Words.Tokens(quote);
        var covered = Covered(words, Runs(quoteWords));
        var share = (double)covered.Count(c => c) / words.Count;
        var shortSentence = words.Count < RunLength * 2;
        if (shortSentence ? share >= 1.0 : share >= ContainedShare)
        {
            return Stitched(words, covered, quote, others) ? null : share;
        }

        if (Similarity(sentence, quote) is not { } similarity || similarity < ParaphraseSimilarity)
        {
            return null;
        }

        // Embeddings barely see order: the quote's words shuffled sit close to the quote, even with a
        // few runs left intact. A sentence almost wholly in the quote's words that is not contained in it
        // (the test above) is a reordering, not a paraphrase, however close its embedding.
        var content = Words.ContentTokens(sentence);
        if (content.Count > 0 && Words.Recall(content, Words.ContentTokens(quote)) >= ReorderedWords)
        {
            return null;
        }

        return Stitched(words, covered, quote, others) ? null : similarity * ContainedShare;
    }

    /// <summary>Whether the words the quote does not cover include a run of another quote: two quotes' words stitched into one claim.</summary>
    private static bool Stitched(List<string> words, bool[] covered, string quote, IReadOnlyCollection<string> others)
    {
        var uncovered = covered.Count(c => !c);
        if (uncovered < RunLength + 1)
        {
            return false;
        }

        foreach (var other in others)
        {
            if (ReferenceEquals(other, quote) || string.Equals(other, quote, StringComparison.Ordinal))
            {
                continue;
            }

            var theirs = Covered(words, Runs(Words.Tokens(other)));
            var borrowed = 0;
            for (var i = 0; i < words.Count; i++)
            {
                borrowed += theirs[i] && !covered[i] ? 1 : 0;
            }

            if (borrowed >= RunLength + 1)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Which of the sentence's words lie in a run of <see cref="RunLength"/> words that the quote has too.</summary>
    private static bool[] Covered(List<string> words, HashSet<string> runs)
    {
        var covered = new bool[words.Count];
        if (words.Count < RunLength)
        {
            // A sentence shorter than a run is covered only as a whole.
            var whole = string.Join(' ', words);
            if (runs.Any(r => r.Contains(whole, StringComparison.Ordinal)))
            {
                Array.Fill(covered, true);
            }

            return covered;
        }

        for (var i = 0; i + RunLength <= words.Count; i++)
        {
            if (runs.Contains(string.Join(' ', words.GetRange(i, RunLength))))
            {
                for (var j = i; j < i + RunLength; j++)
                {
                    covered[j] = true;
                }
            }
        }

        return covered;
    }

    private static HashSet<string> Runs(List<string> words)
    {
        var runs = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + RunLength <= words.Count; i++)
        {
            runs.Add(string.Join(' ', words.GetRange(i, RunLength)));
        }

        if (words.Count is > 0 and < RunLength)
        {
            runs.Add(string.Join(' ', words));
        }

        return runs;
    }

    private double? Similarity(string a, string b) =>
        _vectors.TryGetValue(Key(a), out var x) && _vectors.TryGetValue(Key(b), out var y) && x.Length == y.Length && x.Length > 0
            ? Cosine(x.Span, y.Span)
            : null;

    private static double Cosine(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        double dot = 0, xx = 0, yy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            dot += x[i] * y[i];
            xx += x[i] * x[i];
            yy += y[i] * y[i];
        }

        return xx == 0 || yy == 0 ? 0 : dot / Math.Sqrt(xx * yy);
    }

    /// <summary>The text as embedded: citation-free, whitespace normalised.</summary>
    public static string Key(string text) => Words.NormalizeSpace(text);
}
