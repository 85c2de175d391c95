using System.ComponentModel;
using System.Diagnostics;
using Fathom.Cli.Infrastructure;
using Fathom.Reading.Documents;
using Fathom.Search.Local;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Fathom.Cli.Commands;

/// <summary><c>fathom index DIR</c>: builds or updates the local index of a folder of documents.</summary>
public sealed class IndexCommand(CliConsole console) : AsyncCommand<IndexCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<DIR>")]
        [Description("Folder of .md, .txt, .html, .pdf, .json or .jsonl documents.")]
        public string Directory { get; init; } = "";

        [CommandOption("--index <PATH>")]
        [Description("Index file (default: one per folder under ~/.cache/fathom/index).")]
        public string? Index { get; init; }

        public override ValidationResult Validate() => System.IO.Directory.Exists(Directory)
            ? ValidationResult.Success()
            : ValidationResult.Error($"The folder '{Directory}' does not exist. Pass a folder of documents to index.");
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        using var index = LocalIndex.Open(settings.Index ?? LocalIndex.DefaultPathFor(settings.Directory));
        var update = await index.UpdateAsync(settings.Directory, new DocumentLoader(ArticleExtraction.Extractor), cancellationToken: cancellationToken);
        foreach (var failure in update.Failures)
        {
            console.Progress.MarkupLine($"[yellow]skipped:[/] {Markup.Escape(failure)}");
        }

        console.WriteRaw($"Indexed {settings.Directory} into {index.Path}: {update.FilesAdded} files added, {update.FilesUpdated} updated, {update.FilesUnchanged} unchanged, {update.FilesRemoved} removed; {index.DocumentCount} documents in {watch.Elapsed.TotalSeconds:F1} s.");
        // Files that could not be read are named above; the rest is indexed.
        return update.Failures.Count == 0 ? ExitCodes.Done : ExitCodes.Usage;
    }
}
