using Fathom.Tools;

namespace Fathom.Research;

/// <summary>What a caller asks for: a question, optional answers to clarifying questions, and limits.</summary>
public sealed record ResearchRequest
{
    /// <summary>The research question.</summary>
    public required string Question { get; init; }

    /// <summary>The user's answers to earlier clarifying questions, if any.</summary>
    public string? ClarificationAnswer { get; init; }

    /// <summary>The clarifying questions that were asked before, if the conversation holds them.</summary>
    public string? ClarificationAsked { get; init; }

    /// <summary>Whether the run may stop to ask clarifying questions first.</summary>
    public bool AllowClarification { get; init; } = true;

    /// <summary>
    /// Whether the run pauses after planning until a person approves or replaces the plan (through
    /// the host's <see cref="IPlanReviewer"/>); a host without one approves it as it is.
    /// </summary>
    public bool ReviewPlan { get; init; }

    /// <summary>Detailed or summary report.</summary>
    public ReportStyle Style { get; init; } = ReportStyle.Detailed;

    /// <summary>Images that come with the question (only for models that can see).</summary>
    public IReadOnlyList<ImageInput> Images { get; init; } = [];

    /// <summary>MCP servers the run may search and read (<c>research_tools</c>); their tokens are never stored.</summary>
    public IReadOnlyList<McpServerSpec> ResearchTools { get; init; } = [];

    /// <summary>Limits of the run.</summary>
    public ResearchLimits Limits { get; init; } = new();

    /// <summary>The question as the stages see it: the question plus the user's answers.</summary>
    public string FullQuestion => string.IsNullOrWhiteSpace(ClarificationAnswer) ? Question : $"{Question}\n\nClarification: {ClarificationAnswer}";
}
