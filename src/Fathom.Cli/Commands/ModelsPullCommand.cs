using System.ComponentModel;
using Fathom.Cli.Infrastructure;
using Fathom.Models.Gguf;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Fathom.Cli.Commands;

/// <summary>
/// <c>fathom models pull NAME</c>: downloads a listed small GGUF model into the models folder,
/// resuming an interrupted download and checking its SHA-256, then says how to use it.
/// </summary>
public sealed class ModelsPullCommand(CliConsole console, HttpClient http) : AsyncCommand<ModelsPullCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<NAME>")]
        [Description("A listed model (see 'fathom models list').")]
        public string Name { get; init; } = "";

        [CommandOption("--dir <DIR>")]
        [Description("Where models are kept (default: ~/.local/share/fathom/models).")]
        public string? Directory { get; init; }

        [CommandOption("--url <URL>")]
        [Description("Download from this mirror instead of the listed address.")]
        public string? Url { get; init; }

        [CommandOption("--sha256 <HEX>")]
        [Description("The file's expected SHA-256 (needed with a mirror that does not declare one).")]
        public string? Sha256 { get; init; }

        public override ValidationResult Validate()
        {
            if (Url is not null && (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
            {
                return ValidationResult.Error($"--url '{Url}' is not an http(s) address.");
            }

            return ValidationResult.Success();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        CatalogModel model;
        try
        {
            model = GgufCatalog.Find(settings.Name);
        }
        catch (ArgumentException ex)
        {
            console.Progress.MarkupLine($"[red]{Markup.Escape(ex.Message)}[/]");
            return ExitCodes.Usage;
        }

        if (settings.Url is { } mirror)
        {
            model = model with { Url = new Uri(mirror) };
        }

        if (settings.Sha256 is { } sha)
        {
            model = model with { Sha256 = sha };
        }

        var directory = settings.Directory ?? Path.Combine(Fathom.Storage.DataDirectory.Default(), "models");
        var reported = -1L;
        var progress = new Progress<long>(bytes =>
        {
            // One line per 64 MiB: enough to see it move, not a line per buffer.
            var step = bytes / (64L << 20);
            if (Interlocked.Exchange(ref reported, step) != step)
            {
                console.Progress.MarkupLine($"[grey]{bytes >> 20} MiB[/]");
            }
        });
        try
        {
            var pulled = await new ModelDownloader(http).PullAsync(model, directory, progress, cancellationToken);
            var how = pulled.ResumedAt switch
            {
                -1 => "already there",
                0 => "downloaded",
                var at => $"resumed at byte {at}",
            };
            console.WriteRaw($"{pulled.Path} ({how}; sha256 {pulled.Sha256}{(pulled.Verified ? ", verified" : ", no checksum to verify against")})");
            console.Progress.MarkupLine($"Use it with [bold]--model gguf:{Markup.Escape(pulled.Path)}[/]");
            return ExitCodes.Done;
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidDataException or IOException)
        {
            console.Progress.MarkupLine($"[red]Could not pull {Markup.Escape(model.Name)}:[/] {Markup.Escape(ex.Message)}");
            return ExitCodes.Failed;
        }
    }
}
