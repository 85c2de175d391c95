using Fathom.Models.Extractive;
using Fathom.Relevance;
using Fathom.Research;
using Microsoft.Extensions.AI;

namespace Fathom.Models.Guard;

/// <summary>
/// Whether a query or a goal is about the question. With an embedder it is the relevance test the
/// extractive model reports by (<see cref="RelevanceScorer"/>: cosine to the question plus a share of
/// its words) at the sentence threshold, so a paraphrase with none of the question's words passes and
/// a text that merely shares one word with it does not. Without one, the test is lexical: the text
/// shares a word stem with the question or the plan's outline, or most of its stems are in the
/// findings so far (a follow-up on what the sources said).
/// </summary>
internal sealed class TopicTest(IEmbeddingGenerator<string, Embedding<float>>? embedder)
{
    /// <summary>Share of a text's stems the findings must hold for the lexical test to count it a follow-up.</summary>
    public const double InFindings = 0.6;

    private readonly RelevanceScorer? _relevance = embedder is null ? null : new RelevanceScorer(embedder);

    /// <summary>Whether the test reads meaning.</summary>
    public bool Semantic => _relevance is not null;

    /// <summary>For each of <paramref name="texts"/>, whether it is about the run's question.</summary>
    public async Task<bool[]> AboutAsync(IReadOnlyList<string> texts, RunSnapshot run, CancellationToken cancellationToken)
    {
        if (_relevance is not null)
        {
            var scores = await _relevance.ScoreAsync(run.Request.FullQuestion, texts, cancellationToken);
            return scores.Select(s => s >= _relevance.Thresholds.Sentence).ToArray();
        }

        var topic = Concepts.ContentStems(run.Request.FullQuestion + " " + string.Join(' ', run.Plan?.Outline ?? []));
        HashSet<string>? found = null;
        return texts.Select(text =>
        {
            var stems = Concepts.ContentStems(text);
            if (stems.Overlaps(topic))
            {
                return true;
            }

            found ??= Concepts.ContentStems(string.Join(' ', run.Findings.Select(f => f.Quote)));
            return stems.Count > 0 && (double)stems.Count(found.Contains) / stems.Count >= InFindings;
        }).ToArray();
    }
}
