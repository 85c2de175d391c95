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
        services.AddSingleton(models ?? new ModelCatalog());
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
        config.AddCommand<ResearchCommand>("research")
            .WithDescription("Research a question and write a cited report.")
            .WithExample("research", "\"Why do startups fail?\"", "--corpus", "docs", "--no-clarify", "--out", "report.md");
        config.AddCommand<ExportCommand>("export")
            .WithDescription("Export a stored run's report as Markdown, HTML, PDF, DOCX or PPTX.")
            .WithExample("export", "RUN_ID", "--format", "pdf", "--out", "report.pdf");
        config.AddCommand<IndexCommand>("index")
            .WithDescription("Build or update the local index of a folder of documents.")
            .WithExample("index", "docs");
        config.AddCommand<ExtractCommand>("extract")
            .WithDescription("Extract the article of HTML pages as Markdown, or as JSON with --json.")
            .WithExample("extract", "page.html.gz", "--json");
        config.AddCommand<ServeCommand>("serve")
            .WithDescription("Serve the DashScope-compatible deep-research API, with stored, resumable runs.")
            .WithExample("serve", "--corpus", "docs", "--urls", "http://127.0.0.1:8080");
        config.AddCommand<McpCommand>("mcp")
            .WithDescription("Serve deep_research, search and fetch as an MCP server on stdio.")
            .WithExample("mcp", "--corpus", "docs");
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
