using Fathom.Reading;
using Fathom.Research;
using Fathom.Search;
using Fathom.Tests.Support;

namespace Fathom.Tests.Models.Extractive;

/// <summary>Search and read as a stage sees them, over an in-memory corpus.</summary>
internal sealed class CorpusTools(InMemoryCorpus corpus) : IRunLookup
{
    public async Task<IReadOnlyList<SearchHit>> SearchAsync(string query, int maxResults, CancellationToken cancellationToken) =>
        await corpus.SearchAsync(new SearchQuery(query, maxResults), cancellationToken);

    public Task<ReadPage?> ReadAsync(SearchHit hit, CancellationToken cancellationToken) => corpus.ReadAsync(hit, cancellationToken);
}
