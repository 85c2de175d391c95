using Fathom.Events;
using Fathom.Reading;
using Fathom.Search;

namespace Fathom.Tools;

/// <summary>
/// The MCP servers of one run, as search providers and readers, and what went wrong with them.
/// Opened when the run starts, disposed when it ends.
/// </summary>
public sealed class ResearchToolSet : IAsyncDisposable
{
    private readonly IReadOnlyList<McpToolServer> _servers;

    internal ResearchToolSet(IReadOnlyList<McpToolServer> servers, McpToolOptions options)
    {
        _servers = servers;
        var providers = new List<ISearchProvider>();
        var readers = new List<IPageReader>();
        foreach (var server in servers.Where(s => s.Spec.Allows("search")))
        {
            var search = new McpSearchProvider(server, options);
            providers.Add(search);
            readers.Add(new McpDocumentReader(server, search));
        }

        SearchProviders = providers;
        Readers = readers;
    }

    /// <summary>A set with no servers.</summary>
    public static ResearchToolSet Empty { get; } = new([], new McpToolOptions());

    /// <summary>Whether the run has no MCP server.</summary>
    public bool IsEmpty => _servers.Count == 0;

    /// <summary>The servers.</summary>
    public IReadOnlyList<McpToolServer> Servers => _servers;

    /// <summary>One search provider per server whose <c>search</c> tool is allowed.</summary>
    public IReadOnlyList<ISearchProvider> SearchProviders { get; }

    /// <summary>One reader per such server; asked before any other reader.</summary>
    public IReadOnlyList<IPageReader> Readers { get; }

    /// <summary>What failed, one line per server and kind of failure.</summary>
    public IReadOnlyList<string> Notes => [.. _servers.SelectMany(s => s.Notes)];

    /// <summary>
    /// The report with a Notes section that says which MCP servers failed, so a reader of the report
    /// knows its sources were incomplete; other events pass unchanged.
    /// </summary>
    public ResearchEvent Annotate(ResearchEvent e)
    {
        if (e is not ReportWritten report || Notes is not { Count: > 0 } notes)
        {
            return e;
        }

        var section = "\n\n## Notes\n\n" + string.Join("\n", notes.Select(n => "- " + n + "; the report rests on what was read before and elsewhere."));
        return report with { Markdown = report.Markdown.TrimEnd() + section + "\n" };
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
    }
}
