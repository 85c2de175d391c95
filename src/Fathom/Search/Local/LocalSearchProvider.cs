namespace Fathom.Search.Local;

/// <summary>Searches a <see cref="LocalIndex"/> (hybrid when the index has an embedder).</summary>
public sealed class LocalSearchProvider(LocalIndex index) : ISearchProvider
{
    /// <summary>The provider's name in hits and events.</summary>
    public const string ProviderName = "local";

    /// <inheritdoc />
    public string Name => ProviderName;

    /// <inheritdoc />
    /// <exception cref="SearchProviderException">The index holds no documents: a search of it can find nothing, and the run should say why.</exception>
    public Task<IReadOnlyList<SearchHit>> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return index.DocumentCount == 0
            ? throw new SearchProviderException(ProviderName, $"the index {index.Path} holds no documents; put .md, .txt, .html, .pdf or .json files in the corpus folder, or index one with `fathom index DIR`")
            : index.SearchAsync(query.Text, query.MaxResults, cancellationToken);
    }
}
