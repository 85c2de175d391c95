using System.ComponentModel;
using Fathom.Cli.Infrastructure;
using Fathom.Cluster;
using Fathom.Research;
using Fathom.Server;
using Fathom.Server.Auth;
using Fathom.Server.Mcp;
using Fathom.Server.OpenAI;
using Fathom.Server.Web;
using Fathom.Storage;
using Fathom.Storage.Postgres;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Fathom.Cli.Commands;

/// <summary>
/// <c>fathom serve</c>: the DashScope-compatible deep-research API (<c>POST /api/v1/services/aigc/text-generation/generation</c>)
/// and the stored-run API, over the same engine as <c>fathom research</c>.
/// </summary>
public sealed class ServeCommand(CliConsole console, TimeProvider time, ModelCatalog models) : AsyncCommand<ServeCommand.Settings>
{
    public sealed class Settings : LimitSettings
    {
        [CommandOption("--urls <URLS>")]
        [Description("Addresses to listen on, separated by ';' (default http://127.0.0.1:8080). Non-loopback addresses need an API key.")]
        public string Urls { get; init; } = "http://127.0.0.1:8080";

        [CommandOption("--data <DIR>")]
        [Description("Where runs (and a generated API key) are stored (default $XDG_DATA_HOME/fathom or ~/.local/share/fathom).")]
        public string? Data { get; init; }

        [CommandOption("--store <CONNECTION>")]
        [Description("Keep runs in PostgreSQL instead of the data directory's SQLite file: a connection string such as \"Host=db;Database=fathom;Username=fathom;Password=…\" (its tables are created at start). Generated keys stay in --data.")]
        public string? Store { get; init; }

        [CommandOption("--keys-file <FILE>")]
        [Description("A file of API keys, one a line (added to FATHOM_API_KEYS). With no key at all the server listens on loopback only, with a key it makes up once and keeps in the data directory.")]
        public string? KeysFile { get; init; }

        [CommandOption("--runs-per-key <N>")]
        [Description("Runs one API key may have going at once; more get 429 Throttling.RateQuota (default 8).")]
        public int RunsPerKey { get; init; } = 8;

        [CommandOption("--min-data-rate <BYTES_PER_SECOND>")]
        [Description("The slowest a client may send a request body or read a stream, in bytes a second, after --min-data-rate-grace: a slower upload is answered 408 RequestTimeOut, a slower reader is disconnected (its run goes on and can be followed again). 0 turns the check off; without it Kestrel's 240 bytes a second after 5 s apply.")]
        public string? MinDataRate { get; init; }

        [CommandOption("--min-data-rate-grace <SECONDS>")]
        [Description("With --min-data-rate: how long a client may be slower than it before it counts, in seconds, over 1 (default 5).")]
        public double? MinDataRateGrace { get; init; }

        [CommandOption("--log-level <LEVEL>")]
        [Description("The least severe log messages written to stderr: Trace, Debug, Information (the default), Warning, Error. Prompts, page text and queries appear at Trace only.")]
        public LogLevel LogLevel { get; init; } = LogLevel.Information;

        [CommandOption("--otlp-endpoint <URL>")]
        [Description("Export traces and metrics (ActivitySource and Meter 'Fathom') over OTLP to this collector; OTEL_EXPORTER_OTLP_ENDPOINT does the same.")]
        public string? OtlpEndpoint { get; init; }

        [CommandOption("--cluster <CONNECTION>")]
        [Description("Join a cluster of servers over PostgreSQL: an Npgsql connection string such as \"Host=db;Database=fathom;Username=fathom;Password=…\". The nodes share the runs; any node serves any run, and a run whose node dies goes on at another. Without it the server runs alone, as before.")]
        public string? Cluster { get; init; }

        [CommandOption("--silo-port <PORT>")]
        [Description("With --cluster: the port the other nodes reach this one on (default 11111).")]
        public int SiloPort { get; init; } = 11111;

        [CommandOption("--gateway-port <PORT>")]
        [Description("With --cluster: the port Orleans clients reach this node on (default 30000).")]
        public int GatewayPort { get; init; } = 30000;

        [CommandOption("--advertise <ADDRESS>")]
        [Description("With --cluster: the IP address the other nodes reach this one at (default 127.0.0.1, nodes on one machine).")]
        public string? Advertise { get; init; }

        public override ValidationResult Validate()
        {
            if (KeysFile is not null && !File.Exists(KeysFile))
            {
                return ValidationResult.Error($"--keys-file '{KeysFile}' does not exist. Create it with one key a line, or set FATHOM_API_KEYS.");
            }

            if (Store is not null && PostgresRunStore.Check(Store) is { } badStore)
            {
                return ValidationResult.Error("--store: " + badStore);
            }

            if (MinDataRate is not null && ParseMinDataRate(MinDataRate) is null)
            {
                return ValidationResult.Error($"--min-data-rate '{MinDataRate}' is not a number of bytes a second; pass one such as 240 (or 0 to turn the check off).");
            }

            if (MinDataRateGrace is not null && MinDataRate is null)
            {
                return ValidationResult.Error("--min-data-rate-grace needs --min-data-rate: pass the rate too, such as --min-data-rate 240.");
            }

            if (MinDataRateGrace is { } seconds && seconds is not (> 1 and <= 3600))
            {
                return ValidationResult.Error($"--min-data-rate-grace {seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} is out of range; pass the seconds a client may be slow for, over 1 and at most 3600, such as 5.");
            }

            if (OtlpEndpoint is not null && !Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out _))
            {
                return ValidationResult.Error($"--otlp-endpoint '{OtlpEndpoint}' is not an absolute URL; pass the collector's address, such as http://127.0.0.1:4317.");
            }

            if (Cluster is not null && ClusterOptions() is { } cluster && cluster.Problems() is { Count: > 0 } problems)
            {
                return ValidationResult.Error(string.Join("; ", problems) + ".");
            }

            if (Advertise is not null && !System.Net.IPAddress.TryParse(Advertise, out _))
            {
                return ValidationResult.Error($"--advertise '{Advertise}' is not an IP address; pass the address the other nodes reach this one at, such as 10.0.0.5.");
            }

            try
            {
                var options = new FathomServerOptions();
                Configure(options, Fathom.Storage.DataDirectory.Default(), []);
                options.Validate();
            }
            catch (ArgumentException ex)
            {
                return ValidationResult.Error(ex.Message);
            }

            return base.Validate();
        }

        /// <summary>The cluster this node joins, or null when it runs alone.</summary>
        internal FathomClusterOptions? ClusterOptions() => Cluster is null ? null : new FathomClusterOptions
        {
            ConnectionString = Cluster,
            SiloPort = SiloPort,
            GatewayPort = GatewayPort,
            AdvertisedAddress = Advertise is not null && System.Net.IPAddress.TryParse(Advertise, out var address) ? address : System.Net.IPAddress.Loopback,
        };

        internal void Configure(FathomServerOptions options, string defaultData, IReadOnlyList<string> keys)
        {
            options.Urls = Urls.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            options.DataDirectory = Data ?? defaultData;
            options.ApiKeys = keys;
            options.MaxConcurrentRunsPerKey = RunsPerKey;
            options.Limits = Limits;
            if (MinDataRate is not null && ParseMinDataRate(MinDataRate) is { } rate)
            {
                options.MinClientDataRate = new ClientDataRate(rate, TimeSpan.FromSeconds(MinDataRateGrace ?? 5));
            }
        }

        /// <summary>The rate in bytes a second, or null when <paramref name="text"/> is not a finite number of them, not negative.</summary>
        private static double? ParseMinDataRate(string text) =>
            double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var rate)
                && double.IsFinite(rate) && rate >= 0
                ? rate
                : null;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var keys = ApiKeySource.Load(Environment.GetEnvironmentVariable(ApiKeySource.Variable), settings.KeysFile);
        if (settings.Cluster is not null && keys.Count == 0)
        {
            console.Progress.MarkupLine($"[red]error:[/] --cluster needs the same API keys on every node (a key made up by one node is unknown to the others). Set {ApiKeySource.Variable} or pass --keys-file.");
            return ExitCodes.Usage;
        }

        void Configure(FathomServerOptions o) => settings.Configure(o, Fathom.Storage.DataDirectory.Default(), keys);

        // One logger factory for the engine (so its logging decorators run) and the web host alike.
        using var loggers = LoggerFactory.Create(l => ServerLogging.Configure(l, settings.LogLevel));
        using var handle = await EngineComposer.CreateAsync(
            settings, models.Resolve(settings.Model, loggers), console, time, cancellationToken, loggers, requestToolsOnly: true);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        ServerLogging.Configure(builder.Logging, settings.LogLevel);
        builder.Services.AddSingleton(handle.Engine);
        if (handle.Index is { } index)
        {
            builder.Services.AddSingleton(index); // the MCP search and fetch tools read it
        }

        builder.Services.AddSingleton(time);
        if (settings.Store is { } store)
        {
            builder.Services.AddRunStore(sp => PostgresRunStore.Open(store, sp.GetRequiredService<TimeProvider>()));
        }

        builder.AddFathomServer(Configure);
        if (settings.ClusterOptions() is { } cluster)
        {
            builder.AddFathomCluster(cluster);
        }

        builder.Services.AddFathomMcp();
        builder.Services.AddWebPage();
        ServerTelemetry.Add(builder.Services, settings.OtlpEndpoint, Environment.GetEnvironmentVariable);
        await using var app = builder.Build();
        app.MapDashScope();
        app.MapRunApi();
        app.MapOpenAIChat();
        app.MapMcpServer();
        app.MapWebPage();

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (OptionsValidationException ex)
        {
            console.Progress.MarkupLine($"[red]error:[/] {Markup.Escape(string.Join(" ", ex.Failures))}");
            return ExitCodes.Usage;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException || (ex is InvalidOperationException && settings.Cluster is not null))
        {
            // The run store is damaged, emptied where runs were kept, or cannot be opened, or the cluster's
            // database cannot be reached or set up: the message names it and the fix.
            console.Progress.MarkupLine($"[red]error:[/] {Markup.Escape(ex.Message)}");
            return ExitCodes.Failed;
        }

        var options = app.Services.GetRequiredService<FathomServerOptions>();
        if (app.Services.GetRequiredService<ServerKeys>() is { GeneratedKey: { } generated, GeneratedKeyPath: var keyFile })
        {
            // The console, never the log: the operator needs the key, the log must not hold it.
            console.Progress.WriteLine($"No API key is configured, so the server listens on loopback only. Use this key: {generated} (kept in {keyFile}, reused at the next start).");
        }

        var runStore = app.Services.GetRequiredService<IRunStore>();
        var postgres = (runStore as MarkedRunStore)?.Inner as PostgresRunStore ?? runStore as PostgresRunStore;
        var storedIn = postgres is not null ? "PostgreSQL, " + postgres.Description : options.DataDirectory;
        console.Progress.MarkupLine(
            $"Serving [bold]qwen-deep-research[/] on {Markup.Escape(string.Join(", ", app.Urls))} (runs stored in {Markup.Escape(storedIn)}). Ctrl-C stops; running runs can be resumed after a restart.");
        if (settings.ClusterOptions() is { } joined)
        {
            console.Progress.MarkupLine($"Joined cluster '{Markup.Escape(joined.ClusterId)}' as a node on silo port {joined.SiloPort}, gateway port {joined.GatewayPort}.");
        }

        try
        {
            // Ctrl-C cancels the token; SIGTERM stops the host itself.
            using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, app.Lifetime.ApplicationStopping);
            await Task.Delay(Timeout.Infinite, stopping.Token);
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C: stop below.
        }

        await app.StopAsync(CancellationToken.None);
        return ExitCodes.Done;
    }
}
