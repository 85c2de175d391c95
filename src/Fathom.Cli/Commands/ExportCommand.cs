using System.ComponentModel;
using Fathom.Cli.Infrastructure;
using Fathom.Events;
using Fathom.Reports;
using Fathom.Research;
using Fathom.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Fathom.Cli.Commands;

/// <summary>
/// <c>fathom export RUN_ID --format pdf</c>: writes a stored run's report as Markdown, HTML, PDF,
/// DOCX or PPTX. The run is looked up in the server's run store, then in the research command's journal.
/// </summary>
public sealed class ExportCommand(CliConsole console) : AsyncCommand<ExportCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<RUN_ID>")]
        [Description("The run's id (the request_id the server reported, or the id 'fathom research' printed).")]
        public string RunId { get; init; } = "";

        [CommandOption("--format <FORMAT>")]
        [Description("md, html, pdf, docx or pptx (default: from --out's extension, else md).")]
        public string? Format { get; init; }

        [CommandOption("--out <FILE>")]
        [Description("Where to write (default: md and html to stdout, the others to a file named after the title).")]
        public string? Out { get; init; }

        [CommandOption("--data <DIR>")]
        [Description("Where runs are stored (default $XDG_DATA_HOME/fathom or ~/.local/share/fathom).")]
        public string? Data { get; init; }

        [CommandOption("--chromium <PATH>")]
        [Description("The Chromium that prints PDFs (default: FATHOM_CHROMIUM, else chromium on PATH).")]
        public string? Chromium { get; init; }

        /// <summary>The chosen format.</summary>
        public ExportFormat ExportFormat =>
            (Format is not null ? ExportFormats.Parse(Format) : null) ?? (Out is not null ? ExportFormats.OfPath(Out) : null) ?? ExportFormat.Markdown;

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(RunId))
            {
                return ValidationResult.Error("Name the run to export: fathom export RUN_ID --format pdf.");
            }

            if (Format is not null && ExportFormats.Parse(Format) is null)
            {
                return ValidationResult.Error($"--format '{Format}' is not one of {ExportFormats.Names}.");
            }

            if (Format is null && Out is not null && ExportFormats.OfPath(Out) is null)
            {
                return ValidationResult.Error($"--out '{Out}': end the name in .md, .html, .pdf, .docx or .pptx, or pass --format.");
            }

            return ValidationResult.Success();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var data = settings.Data ?? DataDirectory.Default();
        var document = Find(settings.RunId, data, out var problem);
        if (document is null)
        {
            console.Progress.MarkupLine($"[red]{Markup.Escape(problem)}[/]");
            return ExitCodes.Failed;
        }

        var format = settings.ExportFormat;
        byte[] bytes;
        try
        {
            bytes = await new ReportExporter(settings.Chromium).ExportAsync(document, format, cancellationToken);
        }
        catch (ReportExportException ex)
        {
            console.Progress.MarkupLine($"[red]{Markup.Escape(ex.Message)}[/]");
            return ExitCodes.Failed;
        }

        if (settings.Out is null && format is ExportFormat.Markdown or ExportFormat.Html)
        {
            console.WriteRaw(System.Text.Encoding.UTF8.GetString(bytes).TrimEnd());
            return ExitCodes.Done;
        }

        var path = settings.Out ?? ReportExporter.FileName(document, format);
        await File.WriteAllBytesAsync(path, bytes, cancellationToken);
        console.Progress.MarkupLine($"Wrote [bold]{Markup.Escape(path)}[/].");
        return ExitCodes.Done;
    }

    /// <summary>The run's report, from the run store or else the research journal; null with the reason when there is none.</summary>
    private static ReportDocument? Find(string id, string data, out string problem)
    {
        if (File.Exists(Path.Combine(data, SqliteRunStore.FileName)))
        {
            using var store = SqliteRunStore.Open(data);
            if (store.Find(id) is { } run)
            {
                problem = $"Run '{id}' has no report yet: it is {StoredRunStatusNames.Name(run.Status)}.";
                return string.IsNullOrEmpty(run.Report) ? null : ReportDocument.From(run.Request.Question, run.Report, run.References, run.UpdatedAt);
            }
        }

        var journal = Path.Combine(data, "runs", id + ".jsonl");
        if (File.Exists(journal))
        {
            var events = File.ReadLines(journal).Where(l => l.Length > 0).Select(FathomJson.Deserialize).ToList();
            var result = ResearchResult.Fold(events);
            problem = $"Run '{id}' has no report: it ended as {result.Status}.";
            return result.Report.Length == 0 ? null : ReportDocument.From(result, events[^1].Timestamp);
        }

        problem = $"No run '{id}' is stored in {data}. Pass the id the server or 'fathom research' reported, and --data if runs are kept elsewhere.";
        return null;
    }
}
