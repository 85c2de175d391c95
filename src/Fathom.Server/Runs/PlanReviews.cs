using System.Collections.Concurrent;
using Fathom.Research;

namespace Fathom.Server.Runs;

/// <summary>
/// The runs waiting for a person to approve their plan, and the way to answer them: a run that asked
/// for review waits here after planning until <c>POST /api/v1/research/{id}/plan</c> approves or
/// replaces the plan, or the run is cancelled.
/// </summary>
internal sealed class PlanReviews : IPlanReviewer
{
    private readonly ConcurrentDictionary<string, Pending> _waiting = new(StringComparer.Ordinal);

    /// <summary>The plan a run waits with, or null when it is not waiting.</summary>
    public ResearchPlan? Waiting(string runId) => _waiting.TryGetValue(runId, out var pending) ? pending.Plan : null;

    /// <inheritdoc />
    public async Task<ResearchPlan> ReviewAsync(string runId, ResearchPlan plan, CancellationToken cancellationToken)
    {
        var pending = new Pending(plan);
        _waiting[runId] = pending;
        try
        {
            return await pending.Answer.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            _waiting.TryRemove(new KeyValuePair<string, Pending>(runId, pending));
        }
    }

    /// <summary>Answers a waiting run; null approves its plan as it is. False when the run is not waiting.</summary>
    public bool Answer(string runId, ResearchPlan? replacement)
    {
        if (!_waiting.TryGetValue(runId, out var pending))
        {
            return false;
        }

        return pending.Answer.TrySetResult(replacement ?? pending.Plan);
    }

    private sealed record Pending(ResearchPlan Plan)
    {
        public TaskCompletionSource<ResearchPlan> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
