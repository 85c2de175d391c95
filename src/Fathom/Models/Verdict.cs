namespace Fathom.Models;

/// <summary>What a judge makes of a model's answer to a stage.</summary>
public enum VerdictKind
{
    /// <summary>The answer stands as it is.</summary>
    Accept,

    /// <summary>The answer stands with its unusable parts left out (refused queries, findings).</summary>
    Refine,

    /// <summary>The answer is set aside and the fallback model's stands instead.</summary>
    Fallback,

    /// <summary>The answer is combined with the fallback model's (a page's findings topped up, a report completed).</summary>
    Merge,
}

/// <summary>
/// A judge's decision on one answer, with the reason the run records. <see cref="Value"/> is the
/// answer to use for <see cref="VerdictKind.Refine"/> and <see cref="VerdictKind.Merge"/>; an
/// accepted answer is the model's own and a fallback's is the fallback model's.
/// </summary>
public sealed record Verdict<T>
{
    internal Verdict(VerdictKind kind, T? value, string? reason)
    {
        Kind = kind;
        Value = value;
        Reason = reason;
    }

    /// <summary>What the judge decided.</summary>
    public VerdictKind Kind { get; }

    /// <summary>The refined or merged answer; default for the other kinds.</summary>
    public T? Value { get; }

    /// <summary>Why the answer did not stand as it was (null when it did, or when nothing worth telling was left out).</summary>
    public string? Reason { get; }
}

/// <summary>Builds <see cref="Verdict{T}"/>s.</summary>
public static class Verdict
{
    /// <summary>The answer stands.</summary>
    public static Verdict<T> Accept<T>() => new Verdict<T>(VerdictKind.Accept, default, null);

    /// <summary>The answer stands as <paramref name="value"/>, which leaves out what <paramref name="reason"/> says (no notice when null).</summary>
    public static Verdict<T> Refine<T>(T value, string? reason) => new Verdict<T>(VerdictKind.Refine, value, reason);

    /// <summary>The fallback model answers instead, because of <paramref name="reason"/>.</summary>
    public static Verdict<T> Fallback<T>(string reason) => new Verdict<T>(VerdictKind.Fallback, default, reason);

    /// <summary>The answer is <paramref name="value"/>, combined from both models' answers, because of <paramref name="reason"/>.</summary>
    public static Verdict<T> Merge<T>(T value, string reason) => new Verdict<T>(VerdictKind.Merge, value, reason);
}
