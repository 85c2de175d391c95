using System.ComponentModel;
using Fathom.Cli.Infrastructure;
using Fathom.Composition;
using Fathom.Research;
using Fathom.Server;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Fathom.Cli.Commands;

/// <summary>
/// <c>fathom serve</c>: the DashScope-compatible deep-research API (<c>POST /api/v1/services/aigc/text-generation/generation</c>)
/// and the stored-run API, over the same engine as <c>fathom research</c>.
/// </summary>
public sealed class ServeCommand(CliConsole console, TimeProvider time, ModelCatalog models) : AsyncCommand<ServeCommand.Settings>
{
    public sealed class Settings : EngineSettings
    {
        [CommandOption("--urls <URLS>")]
        [Description("Addresses to listen on, separated by ';' (default http://127.0.0.1:8080). Non-loopback addresses need an API key.")]
        public string Urls { get; init; } = "http://127.0.0.1:8080";



        [CommandOption("--data <DIR>")]
        [Description("Where runs are stored (default $XDG_DATA_HOME/fathom or ~/.local/share/fathom).")]
        public string? Data { get; init; }


        [CommandOption("--keys-file <FILE>")]
        [Description("A file of API keys, one a line (added to FATHOM_API_KEYS). With no key at all the server listens on loopback only and prints a key.")]
        public string? KeysFile { get; init; }

        [CommandOption("--runs-per-key <N>")]
        [Description("Runs one API key may have going at once; more get 429 Throttling.RateQuota (default 8).")]
        public int RunsPerKey { get; init; } = 8;

        [CommandOption("--rounds <N>")]
        [Description("Research rounds per run (default 5, at most 15).")]
        public int Rounds { get; init; } = 5;

        public override ValidationResult Validate()
        {
            if (KeysFile is not null && !File.Exists(KeysFile))
            {
                return ValidationResult.Error($"--keys-file '{KeysFile}' does not exist. Create it with one key a line, or set FATHOM_API_KEYS.");
            }

            try
            {
                Options(Fathom.Storage.DataDirectory.Default(), []);
            }
            catch (ArgumentException ex)
            {
                return ValidationResult.Error(ex.Message);
            }

            return base.Validate();
        }

        internal FathomServerOptions Options(string defaultData, IReadOnlyList<string> keys) => new FathomServerOptions
        {
            Urls = Urls.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            DataDirectory = Data ?? defaultData,
            ApiKeys = keys,
            MaxConcurrentRunsPerKey = RunsPerKey,
            Limits = new ResearchLimits { MaxRounds = Rounds },
        }.Validate();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var keys = ApiKeySource.Load(Environment.GetEnvironmentVariable(ApiKeySource.Variable), settings.KeysFile);
        var options = settings.Options(Fathom.Storage.DataDirectory.Default(), keys);
        using var handle = await EngineComposer.CreateAsync(settings, models.Resolve(settings.Model), console, time, cancellationToken);

        using var announce = new StringWriter();
        await using var app = FathomServer.Build(options, handle.Engine, announce);
        if (announce.ToString() is { Length: > 0 } message)
        {
            console.Progress.WriteLine(message.TrimEnd());
        }

        await app.StartAsync(cancellationToken);
        console.Progress.MarkupLine(
            $"Serving [bold]qwen-deep-research[/] on {Markup.Escape(string.Join(", ", app.Urls))} (runs stored in {Markup.Escape(options.DataDirectory)}). Ctrl-C stops; running runs can be resumed after a restart.");
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
        return 0;
    }
}
