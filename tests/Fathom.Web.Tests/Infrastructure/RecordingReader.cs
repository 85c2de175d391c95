using System.Collections.Concurrent;
using Fathom.Reading;
using Fathom.Search;

namespace Fathom.Web.Tests.Infrastructure;

/// <summary>Passes reads through and keeps the text of every page read, by the hit's address.</summary>
public sealed class RecordingReader(IPageReader inner) : IPageReader
{
    public ConcurrentDictionary<string, ReadPage> Read { get; } = new(StringComparer.Ordinal);

    public async Task<ReadPage?> ReadAsync(SearchHit hit, CancellationToken cancellationToken)
    {
        var page = await inner.ReadAsync(hit, cancellationToken);
        if (page is not null)
        {
            Read[hit.Url] = page;
        }

        return page;
    }
}
