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
    private readonly McpToolOptions _options;

    internal ResearchToolSet(IReadOnlyList<McpToolServer> servers, McpToolOptions options)
    {
        _servers = servers;
        _options = options;
        var providers = new List<ISearchProvider>();
        var readers = new List<IPageReader>();
        foreach (var server in servers.Where(s => s.Spec.Allows("search")))
        {
            var search = new McpSearchProvider(server, options);
            providers.Add(search);
            readers.Add(new McpDocumentReader(server, search, options));
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

    /// <summary>Whether a server allows tools other than <c>search</c> and <c>fetch</c>, to offer to a model that calls tools.</summary>
    public bool OffersModelTools => _servers.Any(s => s.Spec.OffersModelTools);

    /// <summary>
    /// The allowed tools other than <c>search</c> and <c>fetch</c> of every server that allows any,
    /// connecting to those servers; a name two servers share is prefixed with each server's label.
    /// A server that cannot be reached is one of <see cref="ModelToolOffer.Failures"/>, not an exception.
    /// </summary>
    public async Task<ModelToolOffer> ModelToolsAsync(CancellationToken cancellationToken)
    {
        var listed = new List<(McpToolServer Server, ModelContextProtocol.Client.McpClientTool Function)>();
        var failures = new List<(string Server, string Reason)>();
        foreach (var server in _servers.Where(s => s.Spec.OffersModelTools))
        {
            try
            {
                listed.AddRange((await server.FunctionsAsync(cancellationToken)).Select(f => (server, f)));
            }
            catch (McpToolException ex)
            {
                failures.Add((server.Spec.Label, ex.Message));
            }
        }

        var shared = listed.GroupBy(t => t.Function.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        var tools = listed
            .Select(t => new ModelTool(t.Server, t.Function, FunctionName(shared.Contains(t.Function.Name) ? t.Server.Spec.Label + "_" + t.Function.Name : t.Function.Name), _options))
            .ToList();
        return new ModelToolOffer(tools, failures);
    }

    /// <summary>A function name as chat APIs accept them (letters, digits, '_' and '-', at most 64).</summary>
    private static string FunctionName(string name)
    {
        var clean = new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_')]);
        return clean.Length <= 64 ? clean : clean[..64];
    }

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

/// <summary>The tools offered to a model, and the servers whose tools could not be listed, with why.</summary>
public sealed record ModelToolOffer(IReadOnlyList<ModelTool> Tools, IReadOnlyList<(string Server, string Reason)> Failures)
{
    /// <summary>No tools.</summary>
    public static ModelToolOffer None { get; } = new([], []);
}
