using System.Collections.Concurrent;
using Fathom.Search;

namespace Fathom.Tools;

/// <summary>
/// An MCP server's <c>search</c> tool as a search provider. Each result becomes a hit at the
/// document's own address, or at <c>mcp://LABEL/ID</c> when it has none, so citations point at
/// the server's documents; <see cref="McpDocumentReader"/> reads them back by id.
/// </summary>
public sealed class McpSearchProvider(McpToolServer server, McpToolOptions options) : ISearchProvider
{
    private readonly ConcurrentDictionary<string, McpResults.Item> _byUrl = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public string Name => server.Spec.ProviderName;

    /// <inheritdoc />
    public async Task<IReadOnlyList<SearchHit>> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        var output = await server.CallAsync("search", new Dictionary<string, object?> { ["query"] = query.Text }, cancellationToken);
        if (output.Json is not { } json)
        {
            throw new McpToolException($"MCP server '{server.Spec.Label}': its search tool answered text that is not the JSON of {{\"results\": [...]}}.");
        }

        var items = McpResults.SearchResults(json, Math.Min(query.MaxResults, options.MaxSearchResults));
        var hits = new List<SearchHit>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var url = item.Url ?? DocumentAddress(item.Id);
            _byUrl[url] = item;
            hits.Add(new SearchHit(url, item.Title, item.Description, 1.0 / (i + 1), Name));
        }

        return hits;
    }

    /// <summary>The search result behind <paramref name="url"/>, when this provider returned it.</summary>
    internal McpResults.Item? Find(string url) => _byUrl.GetValueOrDefault(url);

    /// <summary>The address a document without a web address of its own is cited by.</summary>
    internal string DocumentAddress(string id) => $"mcp://{Uri.EscapeDataString(server.Spec.Label)}/{Uri.EscapeDataString(id)}";
}
