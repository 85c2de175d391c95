namespace Fathom.Reading.Web;

/// <summary>
/// Keeps fetched pages with their validators (ETag, Last-Modified) so that the next fetch of the
/// same address is a conditional request, answered by a cheap 304 when nothing changed.
/// </summary>
public interface IPageCache
{
    /// <summary>The cached copy of <paramref name="url"/>, if any.</summary>
    Task<CachedPage?> GetAsync(string url, CancellationToken cancellationToken);

    /// <summary>Stores or replaces the copy of <paramref name="url"/>.</summary>
    Task PutAsync(string url, CachedPage page, CancellationToken cancellationToken);
}
