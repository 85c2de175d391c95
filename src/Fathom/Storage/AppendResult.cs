using Fathom.Events;

namespace Fathom.Storage;

/// <summary>What became of an append: whether the event was stored, and the run's last stored sequence after it.</summary>
/// <param name="Outcome">Stored, already there, refused, or no such run.</param>
/// <param name="LastSequence">The run's last stored sequence after the append (0 for an unknown run).</param>
public sealed record AppendResult(AppendOutcome Outcome, long LastSequence)
{
    /// <summary>Whether the event was stored by this append.</summary>
    public bool Appended => Outcome == AppendOutcome.Appended;

    /// <summary>The refusal as an exception naming the run, the sequence and what is stored; null when appended.</summary>
    public InvalidOperationException? ToException(ResearchEvent e) => Outcome switch
    {
        AppendOutcome.Appended => null,
        AppendOutcome.UnknownRun => new InvalidOperationException(
            $"Event {e.Sequence} of run '{e.RunId}' does not follow the last stored event: no such run is stored; create the run before appending its events."),
        _ => new InvalidOperationException(
            $"Event {e.Sequence} of run '{e.RunId}' does not follow the last stored event ({LastSequence}); events must be stored once each, in order."),
    };
}

/// <summary>How an append ended.</summary>
public enum AppendOutcome
{
    /// <summary>The event was the run's next and is now stored.</summary>
    Appended,

    /// <summary>An identical event is stored at this sequence already (a retried append); nothing changed.</summary>
    AlreadyStored,

    /// <summary>
    /// The sequence does not follow the last stored one: a different event holds it, or it would leave a
    /// gap. Nothing changed; another writer has moved the run on (or the caller skipped an event).
    /// </summary>
    Conflict,

    /// <summary>No such run is stored.</summary>
    UnknownRun,
}
