using Fathom.Reading;
using Fathom.Search;

namespace Fathom.Tools;

/// <summary>
/// Reads the hits of one MCP server's search: through its <c>fetch</c> tool by id when that is
/// allowed, else from the text the search result carried. Hits of other providers are not its own.
/// </summary>
public sealed class McpDocumentReader(McpToolServer server, McpSearchProvider search) : IPageReader
{
    /// <inheritdoc />
    public async Task<ReadPage?> ReadAsync(SearchHit hit, CancellationToken cancellationToken)
    {
        if (search.Find(hit.Url) is not { } item)
        {
            return null;
        }

        if (server.Spec.Allows("fetch"))
        {
            McpToolOutput output;
            try
            {
                output = await server.CallAsync("fetch", new Dictionary<string, object?> { ["id"] = item.Id }, cancellationToken);
            }
            catch (McpToolException ex)
            {
                if (item.Text is { Length: > 0 } carried)
                {
                    return new ReadPage(hit.Url, item.Title, carried);
                }

                throw new PageReadException(ex.Message, ex);
            }

            var document = McpResults.FetchResult(output.Json, output.Text, item.Id)
                ?? throw new PageReadException($"MCP server '{server.Spec.Label}': its fetch tool gave no text for '{item.Id}'.");
            return new ReadPage(hit.Url, document.Title.Length > 0 && document.Title != item.Id ? document.Title : item.Title, document.Text);
        }

        return item.Text is { Length: > 0 } text
            ? new ReadPage(hit.Url, item.Title, text)
            : throw new PageReadException($"MCP server '{server.Spec.Label}': 'fetch' is not in allowed_tools and the search result carries no text.");
    }
}
