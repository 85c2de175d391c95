namespace Fathom.Storage;

/// <summary>
/// A stored row that could not be read back (its JSON or a field is scribbled): skipped by the read
/// that met it, and reported through <see cref="StoredRows"/> so that a host can say so.
/// </summary>
/// <param name="RunId">The run the row belongs to.</param>
/// <param name="Sequence">The event's sequence number, or null for the run's own row.</param>
/// <param name="Problem">What is wrong with it, in words.</param>
public sealed record DamagedRow(string RunId, long? Sequence, string Problem)
{
    /// <summary>The row and its problem in one line, for a log or a notice.</summary>
    public override string ToString() => Sequence is { } sequence
        ? $"event {sequence} of run {RunId}: {Problem}"
        : $"run {RunId}: {Problem}";
}
