using Fathom.Reading;

namespace Fathom.Search.Local;

/// <summary>Reads documents of a <see cref="LocalIndex"/>: their stored text, verbatim.</summary>
public sealed class LocalPageReader(LocalIndex index) : IPageReader
{
    /// <inheritdoc />
    public Task<ReadPage?> ReadAsync(SearchHit hit, CancellationToken cancellationToken)
    {
        var doc = index.Find(hit.Url);
        return Task.FromResult(doc is null ? null : new ReadPage(doc.Url, doc.Title, doc.Text));
    }
}
