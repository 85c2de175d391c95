using Fathom.Models;
using Fathom.Reading;
using Fathom.Search;
using Fathom.Tests.Support;

namespace Fathom.Tests.Models.Extractive;

/// <summary>The research tools a stage sees, over an in-memory corpus.</summary>
internal sealed class CorpusTools(InMemoryCorpus corpus) : IResearchTools
{
    public async Task<IReadOnlyList<SearchHit>> SearchAsync(string query, int maxResults, CancellationToken cancellationToken) =>
        await corpus.SearchAsync(new SearchQuery(query, maxResults), cancellationToken);

    public Task<ReadPage?> ReadAsync(SearchHit hit, CancellationToken cancellationToken) => corpus.ReadAsync(hit, cancellationToken);
}
