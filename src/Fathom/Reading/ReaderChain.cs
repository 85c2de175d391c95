using Fathom.Search;

namespace Fathom.Reading;

/// <summary>Asks each reader in turn; the first that handles a hit reads it.</summary>
public sealed class ReaderChain(IReadOnlyList<IPageReader> readers) : IPageReader
{
    /// <inheritdoc />
    public async Task<ReadPage?> ReadAsync(SearchHit hit, CancellationToken cancellationToken)
    {
        foreach (var reader in readers)
        {
            if (await reader.ReadAsync(hit, cancellationToken) is { } page)
            {
                return page;
            }
        }

        return null;
    }
}
