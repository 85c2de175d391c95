using Fathom.Semantic;

namespace Fathom.Models.Extractive;

/// <summary>
/// What a sentence would add to a report: its relevance to the question times its novelty, where
/// novelty is one less its greatest cosine to a sentence already in the report (the relevance-novelty
/// product of maximal marginal relevance). A sentence on the question that says what the report says
/// already adds little, and so does a new sentence on something else. The report takes a next
/// sentence only while this reaches <see cref="ExtractiveOptions.MinGain"/>, so it ends when the
/// evidence stops adding, however much budget is left: a narrow corpus gives a short report.
/// </summary>
public sealed class MarginalGain
{
    private readonly IReadOnlyList<double> _relevance;
    private readonly IReadOnlyList<float[]> _vectors;

    /// <param name="relevance">Each candidate's relevance to the question (as <see cref="Relevance.RelevanceScorer"/> scores it).</param>
    /// <param name="vectors">Each candidate's unit-length embedding, in the same order.</param>
    public MarginalGain(IReadOnlyList<double> relevance, IReadOnlyList<float[]> vectors)
    {
        ArgumentNullException.ThrowIfNull(relevance);
        ArgumentNullException.ThrowIfNull(vectors);
        if (relevance.Count != vectors.Count)
        {
            throw new ArgumentException($"Got {relevance.Count} relevance scores for {vectors.Count} embeddings; give one of each per candidate.", nameof(vectors));
        }

        (_relevance, _vectors) = (relevance, vectors);
    }

    /// <summary>What candidate <paramref name="index"/> adds after <paramref name="chosen"/>: relevance × (1 − greatest cosine to a chosen one), never below 0.</summary>
    public double Of(int index, IReadOnlyList<int> chosen)
    {
        ArgumentNullException.ThrowIfNull(chosen);
        var nearest = 0.0;
        foreach (var j in chosen)
        {
            nearest = Math.Max(nearest, Vectors.Cosine(_vectors[index], _vectors[j]));
        }

        var relevance = double.IsNaN(_relevance[index]) ? 0 : Math.Max(0, _relevance[index]);
        return relevance * Math.Max(0, 1 - nearest);
    }
}
