namespace Fathom.Research;

/// <summary>The research brief and the report outline (section titles, each a sub-question).</summary>
public sealed record ResearchPlan(string Brief, IReadOnlyList<string> Outline)
{
    /// <summary>
    /// A person reviewed the plan: its outline is the report's sections as they approved them, and the
    /// writer adds no section of its own (besides the last one, for what fits none).
    /// </summary>
    public bool Reviewed { get; init; }
}
