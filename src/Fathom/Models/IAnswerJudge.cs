using Fathom.Research;

namespace Fathom.Models;

/// <summary>
/// Decides, stage by stage, whether a model's answer stands or the stage goes to the fallback
/// model. The seam where a stricter judge (one that checks that a report's claims are supported,
/// say) replaces <see cref="AnsweredJudge"/>.
/// </summary>
public interface IAnswerJudge
{
    /// <summary>Whether <paramref name="answer"/> to <paramref name="stage"/> stands.</summary>
    ValueTask<bool> AcceptsAsync<T>(ResearchStage stage, RunSnapshot run, StageResult<T> answer, CancellationToken cancellationToken);
}

/// <summary>The default judge: an answer stands when the model really gave one rather than a stand-in.</summary>
public sealed class AnsweredJudge : IAnswerJudge
{
    /// <summary>The one instance.</summary>
    public static AnsweredJudge Instance { get; } = new();

    /// <inheritdoc />
    public ValueTask<bool> AcceptsAsync<T>(ResearchStage stage, RunSnapshot run, StageResult<T> answer, CancellationToken cancellationToken) =>
        ValueTask.FromResult(answer.Answered);
}
