using System.ComponentModel;
using Fathom.Cli.Infrastructure;
using Fathom.Research;
using Fathom.Server.Mcp;
using Microsoft.Extensions.Logging;
using Spectre.Console.Cli;

namespace Fathom.Cli.Commands;

/// <summary>
/// <c>fathom mcp</c>: Fathom as an MCP server on stdio, with the tools <c>deep_research</c>,
/// <c>search</c> and <c>fetch</c>, for agents that start it as a subprocess. Stdout carries the
/// protocol only; indexing progress and logs go to stderr.
/// </summary>
public sealed class McpCommand(CliConsole console, TimeProvider time, ModelCatalog models, ILoggerFactory loggers) : AsyncCommand<McpCommand.Settings>
{
    /// <summary>The engine and the limits every <c>deep_research</c> call obeys (its own <c>rounds</c> argument aside).</summary>
    public sealed class Settings : LimitSettings;

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var limits = settings.Limits.Validate();
        using var handle = await EngineComposer.CreateAsync(settings, models.Resolve(settings.Model), console, time, cancellationToken, loggers);
        await McpStdioHost.RunAsync(new McpCorpus(handle.Engine, handle.Index, limits), cancellationToken);
        return 0;
    }
}
