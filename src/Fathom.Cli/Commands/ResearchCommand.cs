using System.ComponentModel;
using Fathom.Cli.Infrastructure;
using Fathom.Cli.Rendering;
using Fathom.Composition;
using Fathom.Events;
using Fathom.Models.Extractive;
using Fathom.Reading.Web;
using Fathom.Research;
using Fathom.Research.Support;
using Fathom.Search.Web;
using Fathom.Storage;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Fathom.Cli.Commands;

/// <summary>
/// <c>fathom research "QUESTION"</c>: runs the research and writes the cited report. Every run is
/// kept in the run store of the data directory, so a run stopped by Ctrl-C (or a crash) is listed by
/// <c>fathom runs list</c> and continues with <c>fathom research --resume RUN_ID</c>.
/// </summary>
public sealed class ResearchCommand(CliConsole console, TimeProvider time, ModelCatalog models, ILoggerFactory loggers) : AsyncCommand<ResearchCommand.Settings>
{
    public sealed class Settings : LimitSettings
    {
        [CommandArgument(0, "[QUESTION]")]
        [Description("The research question (not with --resume).")]
        public string Question { get; init; } = "";

        [CommandOption("--resume <RUN_ID>")]
        [Description("Continue a stored run (see 'fathom runs list') where it stopped.")]
        public string? Resume { get; init; }

        [CommandOption("--answer <TEXT>")]
        [Description("Answers to the clarifying questions; research starts at once.")]
        public string? Answer { get; init; }

        [CommandOption("--review-plan")]
        [Description("Show the plan and wait: Enter approves it, or type the sections to research instead.")]
        public bool ReviewPlan { get; init; }

        [CommandOption("--no-clarify")]
        [Description("Do not ask clarifying questions.")]
        public bool NoClarify { get; init; }

        [CommandOption("--max-words <N>")]
        [Description("Most words in the report body (default 2500).")]
        public int MaxWords { get; init; } = 2500;

        [CommandOption("--summary")]
        [Description("Write a short summary instead of a detailed report.")]
        public bool Summary { get; init; }

        [CommandOption("--out <FILE>")]
        [Description("Write the result to FILE.md, .json, .html, .pdf, .docx or .pptx (default: the report on stdout).")]
        public string? Out { get; init; }

        [CommandOption("--chromium <PATH>")]
        [Description("The Chromium that prints PDFs (default: FATHOM_CHROMIUM, else chromium on PATH).")]
        public string? Chromium { get; init; }

        [CommandOption("--events <FILE>")]
        [Description("Write every event to FILE as JSON Lines as it happens.")]
        public string? Events { get; init; }

        public override ValidationResult Validate()
        {
            if (Resume is not null && !string.IsNullOrWhiteSpace(Question))
            {
                return ValidationResult.Error("--resume continues a stored run with its own question: pass either a question or --resume RUN_ID, not both.");
            }

            if (Resume is null && string.IsNullOrWhiteSpace(Question))
            {
                return ValidationResult.Error("The question is empty. Pass it in quotes: fathom research \"Why do startups fail?\"");
            }

            if (Out is not null && !ResultWriter.IsSupported(Out))
            {
                return ValidationResult.Error($"--out '{Out}': use a file ending in {ResultWriter.Extensions}.");
            }

            return base.Validate();
        }

        /// <summary>The shared limits with this command's report length.</summary>
        public override ResearchLimits RunLimits => Limits with { ReportWordBudget = MaxWords };
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        // Files are checked before the run starts: a bad --out must not lose a whole run.
        if (OutputProblem(settings.Out) is { } outProblem)
        {
            console.Progress.MarkupLine($"[red]{Markup.Escape(outProblem)}[/]");
            return ExitCodes.Usage;
        }

        EventJournal? journal;
        try
        {
            journal = settings.Events is { } events ? new EventJournal(events) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            console.Progress.MarkupLine($"[red]--events '{Markup.Escape(settings.Events!)}': {Markup.Escape(ex.Message)} Choose a writable file.[/]");
            return ExitCodes.Usage;
        }

        await using (journal)
        {
            using var store = StoredRuns.Open(time);
            StoredRun? resumed = null;
            if (settings.Resume is { } id && (resumed = store.Find(id)) is null)
            {
                return StoredRuns.NotFound(console, id);
            }

            var model = models.Resolve(settings.Model);
            using var handle = await EngineComposer.CreateAsync(settings, model, console, time, cancellationToken, loggers);
            var request = resumed?.Request ?? new ResearchRequest
            {
                Question = settings.Question,
                ClarificationAnswer = settings.Answer,
                AllowClarification = !settings.NoClarify,
                ReviewPlan = settings.ReviewPlan,
                Style = settings.Summary ? ReportStyle.Summary : ReportStyle.Detailed,
                Limits = settings.RunLimits,
            };
            var runId = resumed?.Id;
            while (true)
            {
                var (id2, events) = await RunOnceAsync(handle.Engine, store, journal, request, runId, model.Info.Name, cancellationToken);
                var result = ResearchResult.Fold(events);
                if (result.Status != RunStatus.NeedsClarification)
                {
                    return await FinishAsync(id2, result, events, settings, model.Info.IsLanguageModel);
                }

                var questions = string.Join('\n', result.ClarifyingQuestions.Select((q, i) => $"{i + 1}. {q}"));
                if (!console.CanAsk)
                {
                    console.WriteRaw(questions);
                    console.Progress.MarkupLine("[yellow]Clarifying questions above.[/] Run again with [bold]--answer \"…\"[/] to answer them, or [bold]--no-clarify[/] to skip them.");
                    return ExitCodes.NeedsAnswerOrNothingFound;
                }

                console.Progress.WriteLine(questions);
                console.Progress.Markup("[bold]Your answer[/] (empty to skip): ");
                var answer = await console.Input.ReadLineAsync(cancellationToken);
                request = request with { ClarificationAnswer = string.IsNullOrWhiteSpace(answer) ? "No preference; research broadly." : answer };
                runId = null;
            }
        }
    }

    /// <summary>Null when <paramref name="path"/> can be written (or is not given); else what is wrong with it.</summary>
    private static string? OutputProblem(string? path)
    {
        if (path is null)
        {
            return null;
        }

        try
        {
            var full = Path.GetFullPath(path);
            if (Path.GetDirectoryName(full) is { } folder && !Directory.Exists(folder))
            {
                return $"--out '{path}': the folder '{folder}' does not exist. Create it or choose another file.";
            }

            var existed = File.Exists(full);
            using (new FileStream(full, FileMode.OpenOrCreate, FileAccess.Write))
            {
            }

            if (!existed)
            {
                File.Delete(full);
            }

            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return $"--out '{path}': {ex.Message} Choose a writable file.";
        }
    }

    private async Task<(string RunId, List<ResearchEvent> Events)> RunOnceAsync(
        ResearchEngine engine, IRunStore store, EventJournal? journal, ResearchRequest request, string? resumeId, string model, CancellationToken cancellationToken)
    {
        var runId = resumeId ?? ResearchEngine.NewRunId();
        var history = resumeId is null ? [] : store.ReadEvents(resumeId);
        if (resumeId is null)
        {
            store.Create(runId, request, model, owner: "cli");
        }
        else
        {
            console.Progress.MarkupLine($"[grey]Resuming run {Markup.Escape(runId)} after its {LimitMessages.Count(history.Count, "event", "events")}.[/]");
        }

        var renderer = new ProgressRenderer(console.Progress, time);
        var events = new List<ResearchEvent>(history);
        async Task Consume(Action<string> status)
        {
            await foreach (var e in engine.RunAsync(request, runId, history, request.ReviewPlan ? new TerminalPlanReviewer(console) : null, cancellationToken))
            {
                events.Add(e);

                // Not the run's token: the events a cancelled run ends with must still be stored.
                await store.AppendAsync(e, CancellationToken.None);
                if (journal is not null)
                {
                    await journal.WriteAsync(e);
                }

                renderer.Render(e);
                status(renderer.Status);
            }
        }

        // The live status line would overwrite the plan review's prompt, so a reviewed run prints lines only.
        if (console.Progress.Profile.Capabilities.Interactive && !request.ReviewPlan)
        {
            // On a terminal: a live status line (round n of N, sources, tokens, elapsed) below the event lines.
            await console.Progress.Status().StartAsync(renderer.Status, ctx => Consume(s => ctx.Status(Markup.Escape(s))));
        }
        else
        {
            await Consume(_ => { });
        }

        return (runId, events);
    }

    private async Task<int> FinishAsync(string runId, ResearchResult result, IReadOnlyList<ResearchEvent> events, Settings settings, bool languageModel)
    {
        if (result.Status is RunStatus.Cancelled or RunStatus.Failed)
        {
            console.Progress.MarkupLine($"[grey]Run {Markup.Escape(runId)} is kept; continue it with[/] [bold]fathom research --resume {Markup.Escape(runId)}[/].");
            if (await PartialReport.ComposeAsync(events) is not { } partial)
            {
                console.Progress.MarkupLine(settings.Out is { } none
                    ? $"[yellow]No report was written to {Markup.Escape(none)}:[/] the run stopped before it found anything to report."
                    : "[yellow]No report:[/] the run stopped before it found anything to report.");
                return result.Status == RunStatus.Cancelled ? ExitCodes.Cancelled : ExitCodes.Failed;
            }

            result = result with { Report = partial.Markdown, References = partial.References };
            console.Progress.MarkupLine("[yellow]The report below is partial:[/] written from what the run found before it stopped.");
        }

        if (settings.Out is { } path)
        {
            try
            {
                await ResultWriter.WriteAsync(result, path, time.GetUtcNow(), settings.Chromium, CancellationToken.None);
            }
            catch (Reports.ReportExportException ex)
            {
                console.Progress.MarkupLine($"[red]Cannot write {Markup.Escape(path)}:[/] {Markup.Escape(ex.Message)}");
                console.WriteRaw(result.Report);
                return ExitCodes.Failed;
            }

            console.Progress.MarkupLine($"Wrote [bold]{Markup.Escape(path)}[/].");
        }
        else if (result.Report.Length > 0)
        {
            console.WriteRaw(result.Report);
        }

        if (!languageModel && result.Report.Length > 0)
        {
            console.Progress.MarkupLine("[grey]No language model wrote this report: Fathom's built-in extractive model quoted every sentence verbatim from a cited source.[/]");
        }

        if (result.LimitsHit.Count > 0)
        {
            console.Progress.MarkupLine($"[yellow]Limits reached:[/] {Markup.Escape(string.Join(", ", result.LimitsHit.Select(LimitMessages.Name)))}");
        }

        if (result.Status == RunStatus.Completed && UnusableSources.Diagnose(events) is { } trouble)
        {
            // Not "the sources do not cover it": there was no source to judge, and the fix is elsewhere.
            console.Progress.MarkupLine($"[yellow]No usable source:[/] {Markup.Escape(trouble.Explanation)}");
            return ExitCodes.NoUsableSource;
        }

        if (result.Status == RunStatus.Completed && !result.AddressesQuestion)
        {
            // A distinct code, so scripts can tell "the sources do not cover this" from an answer.
            console.Progress.MarkupLine("[yellow]The sources searched do not address this question;[/] the report says what came closest. Search a corpus or the web that covers it.");
            return ExitCodes.NeedsAnswerOrNothingFound;
        }

        return result.Status switch
        {
            RunStatus.Cancelled => ExitCodes.Cancelled,
            RunStatus.Failed => ExitCodes.Failed,
            _ when result.References.Count == 0 => ExitCodes.NeedsAnswerOrNothingFound,
            _ => ExitCodes.Done,
        };
    }
}
