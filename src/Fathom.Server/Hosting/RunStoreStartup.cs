using Fathom.Server.Auth;
using Fathom.Server.Runs;
using Fathom.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fathom.Server.Hosting;

/// <summary>
/// Readies the server as it starts: opens the run store (so that the runs an earlier server left
/// are marked interrupted now, not at the first request), resolves the keys (a generated key is
/// written to the data directory now, with the secret that keys owners), moves runs stored under the
/// earlier owner form to their key's owner now, and leaves running runs interrupted when the server stops.
/// </summary>
internal sealed partial class RunStoreStartup(IServiceProvider services, IHostApplicationLifetime lifetime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<IRunStore>();
        var keys = services.GetRequiredService<ServerKeys>();
        MoveLegacyOwners(store, keys);
        var coordinator = services.GetRequiredService<RunCoordinator>();
        lifetime.ApplicationStopping.Register(coordinator.BeginShutdown);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Runs stored before owners were keyed by the data directory's secret carry the old owner form;
    /// each configured key's runs move to its owner now, so they stay reachable by the same key.
    /// Runs of keys not configured now keep the old form until their key is configured again.
    /// </summary>
    private void MoveLegacyOwners(IRunStore store, ServerKeys keys)
    {
        var moved = keys.Ring.LegacyOwners.Sum(pair => store.ReassignOwner(pair.Legacy, pair.Current));
        if (moved > 0)
        {
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Fathom.Server");
            LogOwnersMoved(logger, moved);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Opens the data directory's SQLite store and marks the runs an earlier server left running as interrupted.</summary>
    public static IRunStore Open(IServiceProvider services)
    {
        var sqlite = SqliteRunStore.Open(services.GetRequiredService<FathomServerOptions>().DataDirectory);
        return Ready(services, sqlite);
    }

    /// <summary>Logs each damaged row <paramref name="store"/> skips, whichever kind of store it is.</summary>
    public static void LogDamagedRows(IRunStore store, ILogger logger)
    {
        if (store is IReportsDamagedRows reports)
        {
            reports.Rows.Damaged += row => LogDamagedRow(logger, reports.Description, row.ToString(), reports.RecoveryHint);
        }
    }

    /// <summary>
    /// Checks <paramref name="store"/> against the data directory's run history marker (an empty store
    /// where runs were kept is refused), marks the runs an earlier server left running in it as
    /// interrupted, and returns it.
    /// </summary>
    public static IRunStore Ready(IServiceProvider services, IRunStore store)
    {
        var options = services.GetRequiredService<FathomServerOptions>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Fathom.Server");
        LogDamagedRows(store, logger);
        var marked = MarkedRunStore.Open(store, options.DataDirectory, (store as IReportsDamagedRows)?.Description ?? "the configured run store");
        store = marked;
        var interrupted = store.MarkInterrupted("The server stopped before the run ended; POST /api/v1/research/{id}/resume continues it.");
        if (interrupted.Count > 0)
        {
            LogInterrupted(logger, interrupted.Count);
        }

        return store;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} runs were left running by an earlier server and are now marked interrupted; resume them with POST /api/v1/research/{{id}}/resume")]
    private static partial void LogInterrupted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped a damaged row of the run store {Store}: {Row}. The rest of the run is served without it; {Recovery}")]
    private static partial void LogDamagedRow(ILogger logger, string store, string row, string recovery);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} runs stored under the earlier owner form now belong to their key's keyed owner")]
    private static partial void LogOwnersMoved(ILogger logger, int count);
}
