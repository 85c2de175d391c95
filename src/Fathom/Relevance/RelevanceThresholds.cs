namespace Fathom.Relevance;

/// <summary>
/// The constants of the relevance test. They were chosen by leave-one-out cross-validation over
/// labelled questions (the shared research questions, questions of the same topics written apart from
/// them, and questions the corpus does not cover), never by the score on all of them at once; the
/// procedure and the held-out figures are in bench/README.md (<c>Fathom.Benchmarks relevance</c>).
/// </summary>
public sealed record RelevanceThresholds
{
    /// <summary>The defaults.</summary>
    public static RelevanceThresholds Default { get; } = new();

    /// <summary>Weight of the lexical share against the cosine (chosen from 0, 0.25, 0.5 and 1; held-out accuracy 17/18).</summary>
    public double LexicalWeight { get; init; } = 0.25;

    /// <summary>How many of the best sentences make the evidence that a question is addressed.</summary>
    public int EvidenceSentences { get; init; } = 3;

    /// <summary>Most sentences embedded per judgement: those sharing most of the question's words.</summary>
    public int MaxScored { get; init; } = 32;

    /// <summary>Evidence at or above this means the sources address the question (halfway across the widest gap between the classes).</summary>
    public double Question { get; init; } = 0.53;

    /// <summary>
    /// A sentence scoring below this does not address the question and is not reported. Set low (a
    /// cosine of 0.2 with none of the question's words is unrelated text for this model) rather than
    /// fit: it removes off-topic filler without touching the sentences the key points rest on.
    /// </summary>
    public double Sentence { get; init; } = 0.2;
}
