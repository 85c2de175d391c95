using System.ComponentModel;
using Fathom.Cli.Infrastructure;
using Fathom.Cli.Rendering;
using Fathom.Composition;
using Fathom.Events;
using Fathom.Reading.Web;
using Fathom.Research;
using Fathom.Search.Web;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Fathom.Cli.Commands;

/// <summary><c>fathom research "QUESTION"</c>: runs the research and writes the cited report.</summary>
public sealed class ResearchCommand(CliConsole console, TimeProvider time, ModelCatalog models) : AsyncCommand<ResearchCommand.Settings>
{
    public sealed class Settings : EngineSettings
    {
        [CommandArgument(0, "<QUESTION>")]
        [Description("The research question.")]
        public string Question { get; init; } = "";





        [CommandOption("--answer <TEXT>")]
        [Description("Answers to the clarifying questions; research starts at once.")]
        public string? Answer { get; init; }

        [CommandOption("--review-plan")]
        [Description("Show the plan and wait: Enter approves it, or type the sections to research instead.")]
        public bool ReviewPlan { get; init; }

        [CommandOption("--no-clarify")]
        [Description("Do not ask clarifying questions.")]
        public bool NoClarify { get; init; }

        [CommandOption("--rounds <N>")]
        [Description("Research rounds (default 5, at most 15).")]
        public int Rounds { get; init; } = 5;


        [CommandOption("--token-budget <N>")]
        [Description("Stop researching after this many tokens and write the report.")]
        public long? TokenBudget { get; init; }

        [CommandOption("--deadline <SECONDS>")]
        [Description("Stop researching after this many seconds and write the report.")]
        public int? Deadline { get; init; }

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
            if (string.IsNullOrWhiteSpace(Question))
            {
                return ValidationResult.Error("The question is empty. Pass it in quotes: fathom research \"Why do startups fail?\"");
            }

            if (Out is not null && !ResultWriter.IsSupported(Out))
            {
                return ValidationResult.Error($"--out '{Out}': use a file ending in {ResultWriter.Extensions}.");
            }

            try
            {
                Limits.Validate();
            }
            catch (ArgumentException ex)
            {
                return ValidationResult.Error(ex.Message);
            }

            return base.Validate();
        }

        public ResearchLimits Limits => new()
        {
            MaxRounds = Rounds,
            TokenBudget = TokenBudget,
            Deadline = Deadline is { } s ? TimeSpan.FromSeconds(s) : null,
            ReportWordBudget = MaxWords,
        };
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var model = models.Resolve(settings.Model);
        using var handle = await EngineComposer.CreateAsync(settings, model, console, time, cancellationToken);

        var request = new ResearchRequest
        {
            Question = settings.Question,
            ClarificationAnswer = settings.Answer,
            AllowClarification = !settings.NoClarify,
            ReviewPlan = settings.ReviewPlan,
            Style = settings.Summary ? ReportStyle.Summary : ReportStyle.Detailed,
            Limits = settings.Limits,
        };

        while (true)
        {
            var result = await RunOnceAsync(handle.Engine, request, settings, cancellationToken);
            if (result.Status != RunStatus.NeedsClarification)
            {
                return await FinishAsync(result, settings, model.Info.IsLanguageModel);
            }

            var questions = string.Join('\n', result.ClarifyingQuestions.Select((q, i) => $"{i + 1}. {q}"));
            if (!console.CanAsk)
            {
                console.WriteRaw(questions);
                console.Progress.MarkupLine("[yellow]Clarifying questions above.[/] Run again with [bold]--answer \"…\"[/] to answer them, or [bold]--no-clarify[/] to skip them.");
                return 0;
            }

            console.Progress.WriteLine(questions);
            console.Progress.Markup("[bold]Your answer[/] (empty to skip): ");
            var answer = await console.Input.ReadLineAsync(cancellationToken);
            request = request with { ClarificationAnswer = string.IsNullOrWhiteSpace(answer) ? "No preference; research broadly." : answer };
        }
    }

    private async Task<ResearchResult> RunOnceAsync(ResearchEngine engine, ResearchRequest request, Settings settings, CancellationToken cancellationToken)
    {
        var runId = ResearchEngine.NewRunId();
        var journal = Path.Combine(Fathom.Storage.DataDirectory.Default(), "runs", runId + ".jsonl");
        var renderer = new ProgressRenderer(console.Progress, time);
        var events = new List<ResearchEvent>();
        await using (var writer = new EventJournal(settings.Events is null ? [journal] : [journal, settings.Events]))
        {
            async Task Consume(Action<string> status)
            {
                await foreach (var e in engine.RunAsync(request, runId, null, request.ReviewPlan ? new TerminalPlanReviewer(console) : null, cancellationToken))
                {
                    events.Add(e);
                    await writer.WriteAsync(e);
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
        }

        var result = ResearchResult.Fold(events);
        if (result.Status is RunStatus.Cancelled or RunStatus.Failed)
        {
            console.Progress.MarkupLine($"[grey]The run's {events.Count} events are kept in {Markup.Escape(journal)}.[/]");
        }

        return result;
    }

    private async Task<int> FinishAsync(ResearchResult result, Settings settings, bool languageModel)
    {
        if (result.Status == RunStatus.Failed)
        {
            return 1;
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
                return 1;
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

        return result.Status == RunStatus.Cancelled ? 130 : 0;
    }
}
