using System.ComponentModel;
using Fathom.Composition;
using Fathom.Search.Web;
using Fathom.Tools;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Fathom.Cli.Infrastructure;

/// <summary>What every command that researches takes: where to search (a corpus, the web) and which model.</summary>
public abstract class EngineSettings : CommandSettings
{
    [CommandOption("--corpus <DIR>")]
    [Description("Research a folder of local documents (indexed on first use).")]
    public string? Corpus { get; init; }

    [CommandOption("--index <PATH>")]
    [Description("The corpus index file (default: the one 'fathom index DIR' builds).")]
    public string? Index { get; init; }

    [CommandOption("--web <SPEC>")]
    [Description("Search the web (repeatable): searxng=URL, brave, tavily or duckduckgo. Keys are read from BRAVE_API_KEY and TAVILY_API_KEY.")]
    public string[] Web { get; init; } = [];

    [CommandOption("--allow-host <HOST>")]
    [Description("Let pages be read from this private or local host (repeatable); such addresses are refused otherwise.")]
    public string[] AllowHosts { get; init; } = [];

    [CommandOption("--mcp <LABEL=URL>")]
    [Description("Search and read an MCP server's 'search' and 'fetch' tools (repeatable), as research_tools does. Local addresses need --allow-host.")]
    public string[] Mcp { get; init; } = [];

    [CommandOption("--mcp-token <LABEL=TOKEN>")]
    [Description("The bearer token for the --mcp server LABEL (repeatable). Prefer LABEL=env:VARIABLE, which reads it from the environment.")]
    public string[] McpTokens { get; init; } = [];

    [CommandOption("--mcp-tools <LABEL=TOOLS>")]
    [Description("The tools the --mcp server LABEL may call, comma-separated (repeatable; default search,fetch). Tools other than search and fetch are offered to a language model while it plans each round; what they return is cited like a page.")]
    public string[] McpTools { get; init; } = [];

    [CommandOption("--model <SPEC>")]
    [Description("The model: 'extractive' (built in, offline; the default), or a language model as PROVIDER:MODEL (openai:gpt-4o-mini, ollama:qwen3:8b, openai-compatible:MODEL@URL, dashscope:qwen-plus, gguf:PATH).")]
    public string Model { get; init; } = ModelCatalog.Default;

    [CommandOption("--embedder <SPEC>")]
    [Description("Embeds the corpus for hybrid (meaning + words) search: 'builtin' (all-MiniLM-L6-v2, offline; the default), 'none' (words only), or PROVIDER:MODEL (openai:text-embedding-3-small, ollama:nomic-embed-text, openai-compatible:MODEL@URL).")]
    public string Embedder { get; init; } = Semantic.EmbeddingGenerators.BuiltIn;

    /// <summary>The parsed --web values.</summary>
    public IReadOnlyList<WebSearchSpec> WebSearches => [.. Web.Select(WebSearchSpec.Parse)];

    /// <summary>The parsed --mcp, --mcp-token and --mcp-tools values.</summary>
    public IReadOnlyList<McpServerSpec> McpServers => McpOption.Parse(Mcp, McpTokens, AllowHosts, Environment.GetEnvironmentVariable, McpTools);

    public override ValidationResult Validate()
    {
        try
        {
            foreach (var spec in WebSearches)
            {
                spec.ToOptions(Environment.GetEnvironmentVariable);
            }

            Embedders.Create(Embedder, Environment.GetEnvironmentVariable)?.Dispose();
            _ = McpServers;
        }
        catch (ArgumentException ex)
        {
            return ValidationResult.Error(ex.Message);
        }

        return ValidationResult.Success();
    }
}
