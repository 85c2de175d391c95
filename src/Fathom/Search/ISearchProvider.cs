namespace Fathom.Search;

/// <summary>
/// A search backend: a local index, a web search API, an MCP tool. Implementations throw on failure;
/// the orchestrator turns a failure into an event and goes on with the other providers.
/// </summary>
public interface ISearchProvider
{
    /// <summary>A short name for events and logs ("local", "searxng", "brave"…).</summary>
    string Name { get; }

    /// <summary>Searches for <paramref name="query"/>, best results first.</summary>
    Task<IReadOnlyList<SearchHit>> SearchAsync(SearchQuery query, CancellationToken cancellationToken);
}
