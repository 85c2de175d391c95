namespace Fathom.Models;

/// <summary>The stages of the model port, for decisions made per stage.</summary>
public enum ResearchStage
{
    /// <summary>Asking follow-up questions.</summary>
    Clarify,

    /// <summary>Drawing up the brief and the outline.</summary>
    Plan,

    /// <summary>Planning a round, or stopping.</summary>
    PlanRound,

    /// <summary>Learning from one page.</summary>
    Learn,

    /// <summary>Writing the report.</summary>
    Write,
}
