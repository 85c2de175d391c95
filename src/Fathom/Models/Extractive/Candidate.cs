namespace Fathom.Models.Extractive;

/// <summary>A sentence that may go into the report, with what the selector needs to weigh it.</summary>
/// <param name="Source">The source number it would be cited as.</param>
/// <param name="Position">Where it starts in the source text.</param>
/// <param name="Text">The sentence, verbatim.</param>
/// <param name="Concepts">Its concepts (see <see cref="Extractive.Concepts"/>).</param>
/// <param name="Prior">How likely such a sentence is to state a finding, before coverage is considered (see <see cref="SentencePrior"/>).</param>
/// <param name="Cost">Words it costs in the report, its citation included.</param>
public sealed record Candidate(int Source, int Position, string Text, HashSet<string> Concepts, double Prior, int Cost);
