using Fathom.Events;

namespace Fathom.Research;

/// <summary>
/// What a stage returns: its answer, the notices the run records as events (answers that could not
/// be used), and whether the model really answered. A model that could not (its answer unusable, the
/// budget spent) returns a stand-in with <see cref="Answered"/> false, so a decorator can ask another.
/// </summary>
public sealed record StageResult<T>(T Value, IReadOnlyList<ModelAnswerRejected> Notices, bool Answered = true);

/// <summary>Builds <see cref="StageResult{T}"/>s.</summary>
public static class StageResult
{
    /// <summary>An answer with no notices.</summary>
    public static StageResult<T> Of<T>(T value) => new(value, []);
}
