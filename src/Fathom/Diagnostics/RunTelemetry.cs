using System.Diagnostics;

namespace Fathom.Diagnostics;

/// <summary>The span and duration of one run: the searches, reads and model calls made for it are its children.</summary>
public sealed class RunTelemetry : IDisposable
{
    private readonly Activity? _activity;
    private readonly long _started = Stopwatch.GetTimestamp();

    internal RunTelemetry(string runId)
    {
        _activity = FathomTelemetry.ActivitySource.StartActivity("fathom.run");
        _activity?.SetTag("fathom.run.id", runId);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        FathomTelemetry.RunDuration.Record(FathomTelemetry.SecondsSince(_started));
        _activity?.Dispose();
    }
}
