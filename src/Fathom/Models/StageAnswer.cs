using Fathom.Research;

namespace Fathom.Models;

/// <summary>
/// A model's answer to one stage, put to a judge: the run it answered, the answer, and what the
/// fallback model would answer, asked only when the judge wants to compare (and then once).
/// </summary>
public sealed class StageAnswer<T>
{
    private readonly Lazy<Task<StageResult<T>>> _fallback;

    /// <summary>An answer of <paramref name="stage"/> to <paramref name="run"/>; <paramref name="askFallback"/> asks the fallback model.</summary>
    public StageAnswer(ResearchStage stage, RunSnapshot run, StageResult<T> answer, Func<Task<StageResult<T>>> askFallback)
    {
        Stage = stage;
        Run = run;
        Answer = answer;
        _fallback = new Lazy<Task<StageResult<T>>>(askFallback, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The stage answered.</summary>
    public ResearchStage Stage { get; }

    /// <summary>The run as the stage saw it.</summary>
    public RunSnapshot Run { get; }

    /// <summary>The model's answer, with its notices and whether it really answered.</summary>
    public StageResult<T> Answer { get; }

    /// <summary>The model's answer value.</summary>
    public T Value => Answer.Value;

    /// <summary>Whether the fallback model was asked.</summary>
    public bool FallbackAsked => _fallback.IsValueCreated;

    /// <summary>What the fallback model answers to the same stage (asked on first use).</summary>
    public Task<StageResult<T>> FallbackAsync() => _fallback.Value;
}
