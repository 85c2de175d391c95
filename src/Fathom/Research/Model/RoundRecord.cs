namespace Fathom.Research;

/// <summary>One research round as the stages see it.</summary>
/// <param name="Round">Its number, from 1.</param>
/// <param name="Goal">What it set out to learn.</param>
/// <param name="Queries">What it searched.</param>
/// <param name="NewFindings">Findings it added (known once it finished).</param>
/// <param name="Reflection">The reflection written when it finished.</param>
public sealed record RoundRecord(int Round, string Goal, IReadOnlyList<string> Queries, int NewFindings = 0, string Reflection = "");
