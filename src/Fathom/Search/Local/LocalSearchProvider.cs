namespace Fathom.Search.Local;

/// <summary>Searches a <see cref="LocalIndex"/> (hybrid when the index has an embedder).</summary>
public sealed class LocalSearchProvider(LocalIndex index) : ISearchProvider
{
    /// <summary>The provider's name in hits and events.</summary>
    public const string ProviderName = "local";

    /// <inheritdoc />
    public string Name => ProviderName;

    /// <inheritdoc />
    public Task<IReadOnlyList<SearchHit>> SearchAsync(SearchQuery query, CancellationToken cancellationToken) =>
        index.SearchAsync(query.Text, query.MaxResults, cancellationToken);
}
