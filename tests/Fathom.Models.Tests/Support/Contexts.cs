using Fathom.Models;
using Fathom.Reading;
using Fathom.Research;
using Fathom.Search;
using Fathom.Sources;

namespace Fathom.Models.Tests.Support;

/// <summary>Research contexts for calling one stage on its own.</summary>
internal static class Contexts
{
    public static ResearchContext For(ResearchRequest request, RunBudget? budget = null) =>
        new(request, new SourceRegistry(), budget ?? new RunBudget(request.Limits), new NoTools());

    public static ResearchContext For(string question = "why startups fail") => For(Runs.Request(question));

    private sealed class NoTools : IResearchTools
    {
        public Task<IReadOnlyList<SearchHit>> SearchAsync(string query, int maxResults, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<SearchHit>>([]);

        public Task<ReadPage?> ReadAsync(SearchHit hit, CancellationToken cancellationToken) => Task.FromResult<ReadPage?>(null);
    }
}
