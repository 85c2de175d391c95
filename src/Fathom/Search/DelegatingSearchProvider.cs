namespace Fathom.Search;

/// <summary>
/// A search provider that passes every call to an inner one: the base of cross-cutting behaviour
/// (rate limits, retries, logging) that wraps a provider instead of living inside it, as
/// <c>DelegatingChatClient</c> does for chat clients. Disposing it disposes the inner provider.
/// </summary>
public abstract class DelegatingSearchProvider(ISearchProvider inner) : ISearchProvider, IDisposable
{
    /// <summary>The provider this one wraps.</summary>
    protected ISearchProvider Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <inheritdoc />
    public virtual string Name => Inner.Name;

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<SearchHit>> SearchAsync(SearchQuery query, CancellationToken cancellationToken) =>
        Inner.SearchAsync(query, cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Disposes the inner provider; decorators that hold resources release them too.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing && Inner is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }
}
