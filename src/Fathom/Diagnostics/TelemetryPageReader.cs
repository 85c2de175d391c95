using Fathom.Reading;
using Fathom.Search;

namespace Fathom.Diagnostics;

/// <summary>A span, a count and a duration for every page read, tagged with the outcome (read, not handled, failed) and never the page's text.</summary>
public sealed class TelemetryPageReader(IPageReader inner) : IPageReader
{
    /// <inheritdoc />
    public async Task<ReadPage?> ReadAsync(SearchHit hit, CancellationToken cancellationToken)
    {
        using var activity = FathomTelemetry.ActivitySource.StartActivity("fathom.read");
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var outcome = "failed";
        try
        {
            var page = await inner.ReadAsync(hit, cancellationToken);
            outcome = page is null ? "unhandled" : "ok";
            return page;
        }
        catch (OperationCanceledException)
        {
            outcome = "cancelled";
            throw;
        }
        catch (Exception ex)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
        finally
        {
            activity?.SetTag("fathom.outcome", outcome);
            var tags = new System.Diagnostics.TagList { { "fathom.outcome", outcome } };
            FathomTelemetry.Reads.Add(1, tags);
            FathomTelemetry.ReadDuration.Record(FathomTelemetry.SecondsSince(started), tags);
        }
    }
}
