namespace Fathom.Sources;

/// <summary>
/// Something learned from one source, with the verbatim quote it rests on. The quote is always a
/// substring of the source's text (whitespace aside); the claim may restate it.
/// </summary>
/// <param name="SourceNumber">The source registry's number for the page the quote is from.</param>
/// <param name="Claim">What was learned, in the reader's words (equal to the quote for the extractive model).</param>
/// <param name="Quote">The exact words of the source.</param>
/// <param name="Relevance">How relevant the finding is to the question, 0..1, as judged when it was read.</param>
/// <param name="Position">Where the quote sits in the source text (character offset), for ordering and adjacency.</param>
public sealed record Finding(int SourceNumber, string Claim, string Quote, double Relevance = 0, int Position = -1);
