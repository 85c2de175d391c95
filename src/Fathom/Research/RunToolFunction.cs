using Fathom.Tools;
using Microsoft.Extensions.AI;

namespace Fathom.Research;

/// <summary>
/// An MCP tool as the model sees it: the SDK's function (its description and input schema) under
/// the run's name for it, whose calls go through the run instead of straight to the server, so
/// that each is bounded, counted, recorded as an event, and its answer becomes a source.
/// </summary>
internal sealed class RunToolFunction(ModelTool tool, Func<ModelTool, AIFunctionArguments, CancellationToken, Task<string>> call) : DelegatingAIFunction(tool.Function)
{
    /// <summary>The tool behind the function.</summary>
    public ModelTool Tool => tool;

    /// <inheritdoc />
    public override string Name => tool.Name;

    /// <inheritdoc />
    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken) =>
        await call(tool, arguments, cancellationToken);
}
