using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Fathom.Search;

/// <summary>
/// Logs each search: provider, hit count and duration at Debug, failures at Warning. The query
/// text is sensitive and logged only at Trace; keys never appear, because provider failures
/// carry none.
/// </summary>
public sealed partial class LoggingSearchProvider(ISearchProvider inner, ILogger logger) : DelegatingSearchProvider(inner)
{
    /// <inheritdoc />
    public override async Task<IReadOnlyList<SearchHit>> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (logger.IsEnabled(LogLevel.Trace))
        {
            LogQuery(Name, query.Text);
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            var hits = await base.SearchAsync(query, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogSearched(Name, hits.Count, elapsed);
            return hits;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogFailed(Name, elapsed, e.Message);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Trace, Message = "Searching {Provider} for \"{Query}\"")]
    private partial void LogQuery(string provider, string query);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Provider} returned {Hits} hits in {Milliseconds:0} ms")]
    private partial void LogSearched(string provider, int hits, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Provider} failed after {Milliseconds:0} ms: {Reason}")]
    private partial void LogFailed(string provider, double milliseconds, string reason);
}
