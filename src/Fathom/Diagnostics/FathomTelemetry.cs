using System.Diagnostics;
using System.Diagnostics.Metrics;
using Fathom.Events;

namespace Fathom.Diagnostics;

/// <summary>
/// Fathom's one <see cref="System.Diagnostics.ActivitySource"/> and one <see cref="System.Diagnostics.Metrics.Meter"/>,
/// both named <see cref="Name"/>: a span per run, search, page read and model call, and counters
/// and durations of runs, rounds, searches, reads, model calls and tokens. Nothing is recorded
/// unless a listener (OpenTelemetry, dotnet-counters) subscribes. Queries, prompts and page text
/// never become tags.
/// </summary>
public static class FathomTelemetry
{
    /// <summary>The name of the activity source and the meter.</summary>
    public const string Name = "Fathom";

    /// <summary>Spans: <c>fathom.run</c>, <c>fathom.search</c>, <c>fathom.read</c>, <c>fathom.model</c>.</summary>
    public static ActivitySource ActivitySource { get; } = new(Name);

    /// <summary>The instruments below.</summary>
    public static Meter Meter { get; } = new(Name);

    internal static Counter<long> RunsStarted { get; } = Meter.CreateCounter<long>("fathom.runs.started", "{run}", "Runs started or resumed.");

    internal static Counter<long> RunsFinished { get; } = Meter.CreateCounter<long>("fathom.runs.finished", "{run}", "Runs that ended, by status.");

    internal static Histogram<double> RunDuration { get; } = Meter.CreateHistogram<double>("fathom.run.duration", "s", "How long a run (or a resumed part of it) took.");

    internal static Counter<long> Rounds { get; } = Meter.CreateCounter<long>("fathom.rounds", "{round}", "Research rounds finished.");

    internal static Counter<long> Limits { get; } = Meter.CreateCounter<long>("fathom.limits.reached", "{limit}", "Limits a run reached, by limit.");

    internal static Counter<long> Searches { get; } = Meter.CreateCounter<long>("fathom.searches", "{search}", "Searches, by provider and outcome.");

    internal static Histogram<double> SearchDuration { get; } = Meter.CreateHistogram<double>("fathom.search.duration", "s", "How long a search took.");

    internal static Counter<long> Reads { get; } = Meter.CreateCounter<long>("fathom.reads", "{page}", "Page reads, by outcome.");

    internal static Histogram<double> ReadDuration { get; } = Meter.CreateHistogram<double>("fathom.read.duration", "s", "How long reading a page took.");

    internal static Counter<long> ModelCalls { get; } = Meter.CreateCounter<long>("fathom.model.calls", "{call}", "Language-model calls, by model and outcome.");

    internal static Histogram<double> ModelCallDuration { get; } = Meter.CreateHistogram<double>("fathom.model.call.duration", "s", "How long a language-model call took.");

    internal static Counter<long> Tokens { get; } = Meter.CreateCounter<long>("fathom.model.tokens", "{token}", "Tokens spent, by model and type (input, output).");

    /// <summary>Starts the span and the clock of one run; dispose it when the run's stream ends.</summary>
    public static RunTelemetry StartRun(string runId) => new(runId);

    /// <summary>Counts what an event of a run says happened (runs, rounds, limits). Called once for every event, as it is written.</summary>
    public static void Observe(ResearchEvent e)
    {
        switch (e)
        {
            case RunStarted started:
                RunsStarted.Add(1, new KeyValuePair<string, object?>("fathom.run.resumed", started.Resumed));
                break;
            case RoundFinished:
                Rounds.Add(1);
                break;
            case LimitReached limit:
                Limits.Add(1, new KeyValuePair<string, object?>("fathom.limit", limit.Limit));
                break;
            case RunFinished finished:
                var status = finished.Status.ToString();
                RunsFinished.Add(1, new KeyValuePair<string, object?>("fathom.run.status", status));
                Activity.Current?.SetTag("fathom.run.status", status);
                break;
        }
    }

    /// <summary>Seconds since a <see cref="Stopwatch.GetTimestamp"/> value.</summary>
    internal static double SecondsSince(long started) => Stopwatch.GetElapsedTime(started).TotalSeconds;

    /// <summary>The outcome tag of a call that ended with <paramref name="error"/> (null: it succeeded).</summary>
    internal static string Outcome(Exception? error) => error switch
    {
        null => "ok",
        OperationCanceledException => "cancelled",
        _ => "failed",
    };
}
