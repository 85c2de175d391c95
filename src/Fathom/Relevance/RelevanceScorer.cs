using System.Collections.Concurrent;
using Fathom.Models.Extractive;
using Fathom.Semantic;
using Microsoft.Extensions.AI;

namespace Fathom.Relevance;

/// <summary>
/// How well a sentence addresses a question: its embedding's cosine to the question's, plus the
/// share of the question's content words (stemmed) it contains, weighted by
/// <see cref="RelevanceThresholds.LexicalWeight"/>. Meaning alone lets a sentence on a neighbouring
/// topic through; words alone miss paraphrase; together they separate the sources that speak of the
/// question from those that merely share a word with it. Embeddings are cached by text, so a
/// sentence met in planning, reading and writing is embedded once.
/// </summary>
public sealed class RelevanceScorer(IEmbeddingGenerator<string, Embedding<float>> embedder, RelevanceThresholds? thresholds = null)
{
    private readonly ConcurrentDictionary<string, float[]> _cache = new(StringComparer.Ordinal);

    /// <summary>The thresholds and weights in use.</summary>
    public RelevanceThresholds Thresholds { get; } = thresholds ?? RelevanceThresholds.Default;

    /// <summary>The relevance of each of <paramref name="sentences"/> to <paramref name="question"/>, in order.</summary>
    public async Task<double[]> ScoreAsync(string question, IReadOnlyList<string> sentences, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        if (sentences.Count == 0)
        {
            return [];
        }

        var vectors = await VectorsAsync([question, .. sentences], cancellationToken);
        var questionStems = Concepts.ContentStems(question);
        var scores = new double[sentences.Count];
        for (var i = 0; i < sentences.Count; i++)
        {
            scores[i] = Combine(Vectors.Cosine(vectors[0], vectors[i + 1]), Lexical(questionStems, sentences[i]));
        }

        return scores;
    }

    /// <summary>
    /// Scores only the <see cref="RelevanceThresholds.MaxScored"/> sentences that share most of the
    /// question's words (the rest are <see cref="double.NaN"/>): the evidence that a question is
    /// addressed is in its best sentences, and embedding every sentence of every page would cost a run
    /// more than the rest of it on a small CPU.
    /// </summary>
    public async Task<double[]> ScoreLikeliestAsync(string question, IReadOnlyList<string> sentences, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        var questionStems = Concepts.ContentStems(question);
        var likeliest = sentences
            .Select((text, i) => (Index: i, Lexical: Lexical(questionStems, text)))
            .OrderByDescending(p => p.Lexical)
            .ThenBy(p => p.Index)
            .Take(Thresholds.MaxScored)
            .Select(p => p.Index)
            .ToList();
        var scored = await ScoreAsync(question, likeliest.Select(i => sentences[i]).ToList(), cancellationToken);
        var scores = Enumerable.Repeat(double.NaN, sentences.Count).ToArray();
        for (var i = 0; i < likeliest.Count; i++)
        {
            scores[likeliest[i]] = scored[i];
        }

        return scores;
    }

    /// <summary>The unit-length embeddings of <paramref name="texts"/>, in order (cached with the scores' own, so a sentence already scored is not embedded again).</summary>
    public async Task<IReadOnlyList<float[]>> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return texts.Count == 0 ? [] : await VectorsAsync(texts, cancellationToken);
    }

    /// <summary>The combined score of a cosine and a lexical share.</summary>
    public double Combine(double cosine, double lexical) => cosine + (Thresholds.LexicalWeight * lexical);

    /// <summary>Share of the question's content stems the sentence contains (0 when the question has none).</summary>
    public static double Lexical(HashSet<string> questionStems, string sentence)
    {
        ArgumentNullException.ThrowIfNull(questionStems);
        if (questionStems.Count == 0)
        {
            return 0;
        }

        var stems = Concepts.ContentStems(sentence);
        return (double)questionStems.Count(stems.Contains) / questionStems.Count;
    }

    /// <summary>
    /// Whether the sources address the question at all: the mean of the best
    /// <see cref="RelevanceThresholds.EvidenceSentences"/> sentence scores reaches the question threshold.
    /// </summary>
    public bool Addresses(IReadOnlyList<double> scores) => Evidence(scores) >= Thresholds.Question;

    /// <summary>Whether a sentence may be reported: unscored, or scored at or above the sentence threshold.</summary>
    public bool Keeps(double score) => double.IsNaN(score) || score >= Thresholds.Sentence;

    /// <summary>The mean of the best few scores (unscored ones left out): the strength of the evidence that the question is addressed.</summary>
    public double Evidence(IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var known = scores.Where(s => !double.IsNaN(s)).ToList();
        return known.Count == 0 ? double.NegativeInfinity : known.OrderDescending().Take(Thresholds.EvidenceSentences).Average();
    }

    private async Task<float[][]> VectorsAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var missing = texts.Where(t => !_cache.ContainsKey(t)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            var embeddings = await embedder.GenerateAsync(missing, cancellationToken: cancellationToken);
            for (var i = 0; i < missing.Count; i++)
            {
                _cache[missing[i]] = Vectors.Normalized(embeddings[i].Vector.Span);
            }
        }

        return texts.Select(t => _cache[t]).ToArray();
    }
}
