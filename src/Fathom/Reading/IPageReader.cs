using Fathom.Search;

namespace Fathom.Reading;

/// <summary>
/// Turns a search hit into readable text: fetch and extract for the web, a lookup for the local
/// index. Returns null when this reader does not handle the hit, so readers can be chained.
/// Throws <see cref="PageReadException"/> when it handles the hit but cannot read it.
/// </summary>
public interface IPageReader
{
    /// <summary>Reads the page behind <paramref name="hit"/>, or returns null if this reader does not handle it.</summary>
    Task<ReadPage?> ReadAsync(SearchHit hit, CancellationToken cancellationToken);
}
