using ModelContextProtocol.Client;

namespace Fathom.Tools;

/// <summary>
/// An allowed MCP tool offered to a model that calls tools: the SDK's description of it, under a
/// name unique in the run, and the call that turns its answer into a document of the run.
/// </summary>
public sealed class ModelTool
{
    private readonly McpToolServer _server;
    private readonly McpToolOptions _options;

    internal ModelTool(McpToolServer server, McpClientTool function, string name, McpToolOptions options)
    {
        _server = server;
        _options = options;
        Function = function;
        Name = name;
    }

    /// <summary>The tool as the server describes it (an <see cref="Microsoft.Extensions.AI.AIFunction"/>).</summary>
    public McpClientTool Function { get; }

    /// <summary>The name the model calls it by: the tool's own, or <c>LABEL_TOOL</c> when two servers offer one name.</summary>
    public string Name { get; }

    /// <summary>The tool's name on its server.</summary>
    public string Tool => Function.Name;

    /// <summary>The server's label.</summary>
    public string Server => _server.Spec.Label;

    /// <summary>The address a call with <paramref name="arguments"/> is cited by when its answer names none.</summary>
    public string Address(IReadOnlyDictionary<string, object?> arguments) => McpToolSource.Address(Server, Tool, arguments);

    /// <summary>Calls the tool (under the server's timeout and caps) and returns what it gave as a document, cut at the document cap.</summary>
    /// <exception cref="McpToolException">The server failed, the call timed out, or the answer had nothing to read.</exception>
    public async Task<ToolDocument> CallAsync(IReadOnlyDictionary<string, object?> arguments, CancellationToken cancellationToken)
    {
        var address = Address(arguments);
        var output = await _server.CallAsync(Tool, arguments, cancellationToken);
        var title = $"{Server}: {Tool}";
        if (McpToolSource.Document(output, title) is not { } document)
        {
            throw new McpToolException($"MCP server '{Server}': its '{Tool}' tool answered nothing to read.");
        }

        var text = document.Text.Length <= _options.MaxOutputChars ? document.Text : document.Text[.._options.MaxOutputChars];
        return new ToolDocument(document.Url ?? address, document.Title, text);
    }
}

/// <summary>What a tool call gave: the address it is cited by, a title and its text.</summary>
public sealed record ToolDocument(string Address, string Title, string Text);
