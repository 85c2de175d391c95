namespace Fathom.Research;

/// <summary>Follow-up questions for the user; empty when the question is clear enough.</summary>
public sealed record Clarification(string Text, IReadOnlyList<string> Questions)
{
    /// <summary>No questions.</summary>
    public static Clarification None { get; } = new("", []);

    /// <summary>Whether anything needs asking.</summary>
    public bool IsNeeded => Questions.Count > 0;
}
