using Fathom.Events;
using Fathom.Research;

namespace Fathom.Models.Chat;

/// <summary>The notices one stage call gathers (answers it could not use), returned with its result.</summary>
internal sealed class StageNotes
{
    private readonly List<ModelAnswerRejected> _notices = [];

    /// <summary>Records that an answer of <paramref name="stage"/> could not be used, and why.</summary>
    public void Reject(string stage, string reason)
    {
        lock (_notices)
        {
            _notices.Add(new ModelAnswerRejected(stage, reason));
        }
    }

    /// <summary>The model's answer.</summary>
    public StageResult<T> Answer<T>(T value) => new(value, Snapshot());

    /// <summary>What stands in for an answer the model could not give.</summary>
    public StageResult<T> StandIn<T>(T value) => new(value, Snapshot(), Answered: false);

    private List<ModelAnswerRejected> Snapshot()
    {
        lock (_notices)
        {
            return [.. _notices];
        }
    }
}
