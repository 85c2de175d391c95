namespace Fathom.Models.Extractive;

/// <summary>
/// The knobs of the extractive model. The defaults were chosen once for the method as a whole
/// (they hold across questions); nothing here is specific to a question or a corpus.
/// </summary>
public sealed record ExtractiveOptions
{
    /// <summary>Sentences shorter than this (in word tokens) carry too little to quote: headings, menu items, captions.</summary>
    public int MinSentenceWords { get; init; } = 6;

    /// <summary>Sentences longer than this are usually run-on extraction artefacts (tables, lists glued together).</summary>
    public int MaxSentenceWords { get; init; } = 80;

    /// <summary>Most findings kept per page; the writer chooses among them across pages.</summary>
    public int FindingsPerPage { get; init; } = 40;

    /// <summary>
    /// How strongly a sentence's length is held against it: value is gain / cost^exponent. 1 would
    /// be pure gain per word (favouring fragments); 0 ignores length (favouring long sentences).
    /// </summary>
    public double LengthExponent { get; init; } = 0.5;

    /// <summary>Weight multiplier for concepts that are in the question itself.</summary>
    public double QuestionConceptBoost { get; init; } = 2.0;

    /// <summary>Prior of a sentence that shares no word with the question (one that does has 1).</summary>
    public double OffQuestionPrior { get; init; } = 0.5;

    /// <summary>Prior of a line without closing punctuation (a heading, a caption, a list label).</summary>
    public double UnfinishedPrior { get; init; } = 0.6;

    /// <summary>Prior of a sentence that states a number: figures are the specific facts a report needs.</summary>
    public double FigurePrior { get; init; } = 1.3;

    /// <summary>Most outline sections (aspects) besides the overview.</summary>
    public int MaxAspects { get; init; } = 4;

    /// <summary>Pages read while planning, to mine the question's aspects.</summary>
    public int PlanningPages { get; init; } = 8;

    /// <summary>Queries of the first round: the question, then the question with its leading aspects; later rounds add probed feedback terms.</summary>
    public int FirstRoundQueries { get; init; } = 2;

    /// <summary>Feedback terms tried (by a probe search) per round when looking for queries that reach unread pages.</summary>
    public int ProbedTerms { get; init; } = 16;

    /// <summary>
    /// The report stops when the next sentence would add less than this share of the concepts the first
    /// one added (0 turns the rule off). Off by default: chosen by leave-one-out against
    /// <see cref="MinGain"/>, which stops on what a sentence adds in meaning (bench/README.md).
    /// </summary>
    public double StopShare { get; init; }

    /// <summary>
    /// The report takes a next sentence only when what it adds, its relevance to the question times its
    /// novelty (<see cref="MarginalGain"/>), reaches this; it ends when no sentence left does, so its
    /// length follows the evidence rather than the budget (0 turns the rule off). Chosen by
    /// leave-one-out over the research questions (bench/README.md).
    /// </summary>
    public double MinGain { get; init; } = 0.15;

    /// <summary>
    /// Mean cosine at which two groups of the report's sentences that fit no heading of the plan join
    /// into one section (<see cref="SectionClusters"/>). Set by reading reports, not fit: the layout
    /// does not change which sentences are reported.
    /// </summary>
    public double SectionJoin { get; init; } = 0.4;

    /// <summary>Fewest sentences a group needs to become a section of its own.</summary>
    public int MinSectionSentences { get; init; } = 3;

    /// <summary>Most sections found in the report's own sentences, besides the plan's.</summary>
    public int MaxFoundSections { get; init; } = 3;

    /// <summary>
    /// Relevance (as <see cref="Relevance.RelevanceScorer"/> scores it, the heading taken as the
    /// question) from which a sentence goes under a section heading rather than the last section. Set
    /// by reading reports, not fit: the layout does not change which sentences are reported.
    /// </summary>
    public double SectionFit { get; init; } = 0.35;

    /// <summary>Share of the word budget held back for the verifier's rounding (it counts words its own way).</summary>
    public double BudgetMargin { get; init; } = 0.01;
}
