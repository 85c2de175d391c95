namespace Fathom.Research;

/// <summary>The research brief and the report outline (section titles, each a sub-question).</summary>
public sealed record ResearchPlan(string Brief, IReadOnlyList<string> Outline);
