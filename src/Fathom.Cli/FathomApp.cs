using Fathom.Cli.Commands;
using Fathom.Cli.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console.Cli;

namespace Fathom.Cli;

/// <summary>The <c>fathom</c> command line: its commands over the engine.</summary>
public static class FathomApp
{
    /// <summary>Builds the app over the given console and clock (tests pass their own).</summary>
    public static CommandApp Create(CliConsole console, TimeProvider time, ModelCatalog? models = null, HttpClient? http = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(http ?? new HttpClient { Timeout = Timeout.InfiniteTimeSpan });
        services.AddSingleton(console);
        services.AddSingleton(time);
        var loggers = CliLogging.FromEnvironment(Environment.GetEnvironmentVariable);
        services.AddSingleton(loggers);
        services.AddSingleton(models ?? new ModelCatalog(loggers: loggers));
        var app = new CommandApp(new TypeRegistrar(services));
        app.Configure(Configure(console));
        return app;
    }

    /// <summary>Registers the commands.</summary>
    public static Action<IConfigurator> Configure(CliConsole console) => config =>
    {
        config.SetApplicationName("fathom");
        config.SetApplicationVersion(FathomVersion.Current);
        config.ConfigureConsole(console.Out);
        config.SetExceptionHandler((ex, _) => UsageErrors.Handle(console, ex));
        config.AddCommand<ResearchCommand>("research")
            .WithDescription("Research a question and write a cited report.")
            .WithExample("research", "\"Why do startups fail?\"", "--corpus", "docs", "--no-clarify", "--out", "report.md")
            .WithExample("research", "--resume", "RUN_ID", "--corpus", "docs");
        config.AddCommand<ExportCommand>("export")
            .WithDescription("Export a stored run's report as Markdown, HTML, PDF, DOCX or PPTX.")
            .WithExample("export", "RUN_ID", "--format", "pdf", "--out", "report.pdf");
        config.AddCommand<IndexCommand>("index")
            .WithDescription("Build or update the local index of a folder of documents.")
            .WithExample("index", "docs");
        config.AddCommand<ExtractCommand>("extract")
            .WithDescription("Extract the article of HTML pages as Markdown, or as JSON with --json.")
            .WithExample("extract", "page.html.gz", "--json")
            .WithExample("extract", "saved.html", "--url", "https://example.org/article");
        config.AddCommand<ServeCommand>("serve")
            .WithDescription("Serve the DashScope-compatible deep-research API, with stored, resumable runs.")
            .WithExample("serve", "--corpus", "docs", "--urls", "http://127.0.0.1:8080");
        config.AddCommand<McpCommand>("mcp")
            .WithDescription("Serve deep_research, search and fetch as an MCP server on stdio.")
            .WithExample("mcp", "--corpus", "docs");
        config.AddBranch("runs", runs =>
        {
            runs.SetDescription("The runs kept in the data directory: every research run is, so a stopped one can be resumed.");
            runs.AddCommand<RunsListCommand>("list").WithDescription("List the stored runs, newest first.");
            runs.AddCommand<RunsShowCommand>("show").WithDescription("Show where a run stands, and its report.").WithExample("runs", "show", "RUN_ID");
            runs.AddCommand<RunsEventsCommand>("events").WithDescription("Print a run's events as JSON Lines.").WithExample("runs", "events", "RUN_ID");
            runs.AddCommand<RunsDeleteCommand>("delete").WithDescription("Delete a run and its events.").WithExample("runs", "delete", "RUN_ID");
        });
        config.AddBranch("models", models =>
        {
            models.SetDescription("Small local GGUF models for in-process research.");
            models.AddCommand<ModelsListCommand>("list").WithDescription("List the models 'pull' can fetch.");
            models.AddCommand<ModelsPullCommand>("pull")
                .WithDescription("Download a listed model (resumable, checksum-checked).")
                .WithExample("models", "pull", "qwen2.5-0.5b-instruct");
        });
    };
}
