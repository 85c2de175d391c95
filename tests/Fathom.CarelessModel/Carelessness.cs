namespace Fathom.CarelessModel;

/// <summary>
/// How careless the model is: the chance, per answer, of each kind of misbehaviour. The defaults
/// are those of a small local model on a bad day; <see cref="None"/> answers carefully.
/// </summary>
public sealed record Carelessness
{
    /// <summary>A careful model on a reliable server.</summary>
    public static Carelessness None { get; } = new() { Transport = 0, Wrapping = 0, Content = 0 };

    /// <summary>The seed every choice is drawn from, with the request.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Chance that a response fails on the wire (500, 429, a cut body, an event stream instead of JSON…).</summary>
    public double Transport { get; init; } = 0.2;

    /// <summary>Chance that a JSON answer is wrapped badly (thinking, a fence, prose, cut short, a sentence over and over).</summary>
    public double Wrapping { get; init; } = 0.4;

    /// <summary>Chance of each stage's own mistakes (prompt text as queries, reworded quotes, shuffled or merged sentences…).</summary>
    public double Content { get; init; } = 0.5;
}
