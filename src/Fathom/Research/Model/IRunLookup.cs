using Fathom.Reading;
using Fathom.Search;

namespace Fathom.Research;

/// <summary>
/// Searching and reading for a stage that wants to look before it decides (a planner surveying the
/// first pages). The run does both: each search and read is an event and counts against the run's
/// query and page budgets, and a page already read in the run is handed back without a second fetch.
/// </summary>
public interface IRunLookup
{
    /// <summary>Searches every configured provider and merges the results; empty once the query budget is spent.</summary>
    Task<IReadOnlyList<SearchHit>> SearchAsync(string query, int maxResults, CancellationToken cancellationToken);

    /// <summary>Reads a hit, or returns null if no reader handles it, it cannot be read, or the page budget is spent.</summary>
    Task<ReadPage?> ReadAsync(SearchHit hit, CancellationToken cancellationToken);
}
