using System.Net;
using Fathom.Research;
using Fathom.Server.Auth;
using Fathom.Server.DashScope;
using Fathom.Server.Faults;
using Fathom.Server.Runs;
using Fathom.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fathom.Server;

/// <summary>Builds the Fathom server: Kestrel, the DashScope-compatible endpoint and the stored-run API over one engine.</summary>
public static partial class FathomServer
{
    /// <summary>
    /// Builds the server over <paramref name="engine"/>. With no API key configured it insists on
    /// loopback addresses and makes up a key, which it writes to <paramref name="console"/> (never to the log).
    /// </summary>
    /// <exception cref="ArgumentException">An option is invalid, or a non-loopback address is asked for without an API key.</exception>
    public static WebApplication Build(FathomServerOptions options, ResearchEngine engine, TextWriter? console = null, Action<ILoggingBuilder>? logging = null)
    {
        options.Validate();
        var keys = options.ApiKeys;
        if (keys.Count == 0)
        {
            if (options.Urls.FirstOrDefault(u => !IsLoopback(u)) is { } open)
            {
                throw new ArgumentException(
                    $"Refusing to listen on '{open}' without an API key. Set {ApiKeySource.Variable} (comma-separated keys) or pass a key file, or listen on loopback (http://127.0.0.1:8080).");
            }

            var generated = ApiKeyRing.Generate();
            keys = [generated];
            console?.WriteLine($"No API key is configured, so the server listens on loopback only. Use this key: {generated}");
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls([.. options.Urls]);
        builder.WebHost.ConfigureKestrel(k => ClientLimits.Apply(k.Limits, options));
        builder.Logging.ClearProviders();
        if (logging is null)
        {
            builder.Logging.AddSimpleConsole(c => c.SingleLine = true).SetMinimumLevel(LogLevel.Information);
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
            builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        }
        else
        {
            logging(builder.Logging);
        }

        var store = RunStore.Open(options.DataDirectory);
        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(engine);
        services.AddSingleton(_ => store); // by factory, so that the container disposes it
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new ApiKeyRing(keys));
        services.AddSingleton(new KeyQuota(options.MaxConcurrentRunsPerKey));
        services.AddSingleton(new ModelCatalog(engine.Model.Info));
        services.AddSingleton<RunCoordinator>();
        services.AddSingleton<ImageFetcher>();
        services.AddSingleton<GenerationEndpoint>();
        services.AddSingleton<RunEndpoints>();

        var app = builder.Build();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Fathom.Server");
        var interrupted = store.MarkInterrupted("The server stopped before the run ended; POST /api/v1/research/{id}/resume continues it.");
        if (interrupted.Count > 0)
        {
            LogInterrupted(log, interrupted.Count);
        }

        var coordinator = app.Services.GetRequiredService<RunCoordinator>();
        app.Lifetime.ApplicationStopping.Register(coordinator.BeginShutdown);

        app.UseProtocolErrors();
        var generation = app.Services.GetRequiredService<GenerationEndpoint>();
        var stored = app.Services.GetRequiredService<RunEndpoints>();
        app.MapPost(GenerationEndpoint.Route, generation.HandleAsync);
        app.MapGet(RunEndpoints.Prefix + "/{id}", (HttpContext c, string id) => stored.GetAsync(c, id));
        app.MapGet(RunEndpoints.Prefix + "/{id}/events", (HttpContext c, string id) => stored.EventsAsync(c, id));
        app.MapDelete(RunEndpoints.Prefix + "/{id}", (HttpContext c, string id) => stored.CancelAsync(c, id));
        app.MapPost(RunEndpoints.Prefix + "/{id}/resume", (HttpContext c, string id) => stored.ResumeAsync(c, id));
        return app;
    }

    /// <summary>Whether an address listens on loopback only.</summary>
    public static bool IsLoopback(string url)
    {
        if (!Uri.TryCreate(url.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return false;
        }

        return uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} runs were left running by an earlier server and are now marked interrupted; resume them with POST /api/v1/research/{{id}}/resume")]
    private static partial void LogInterrupted(ILogger logger, int count);
}
