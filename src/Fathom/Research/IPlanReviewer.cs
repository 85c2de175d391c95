namespace Fathom.Research;

/// <summary>
/// Lets a person review a run's plan before research begins: the host shows the outline and
/// returns it approved as it is or edited (sections reworded, reordered, added or dropped). The
/// run waits for the answer; cancelling the run ends the wait.
/// </summary>
public interface IPlanReviewer
{
    /// <summary>The plan to research with; return <paramref name="plan"/> itself to approve it unchanged.</summary>
    Task<ResearchPlan> ReviewAsync(string runId, ResearchPlan plan, CancellationToken cancellationToken);
}
