using Fathom.Reading;
using Fathom.Search;
using Fathom.Text;

namespace Fathom.Tests.Support;

/// <summary>A tiny search provider and reader over documents held in memory: hits rank by shared words.</summary>
internal sealed class InMemoryCorpus(IEnumerable<ReadPage> pages, string name = "memory") : ISearchProvider, IPageReader
{
    private readonly List<ReadPage> _pages = [.. pages];

    public string Name => name;

    public int Searches { get; private set; }

    public Func<SearchQuery, Exception?> Fail { get; set; } = _ => null;

    public Task<IReadOnlyList<SearchHit>> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        Searches++;
        if (Fail(query) is { } error)
        {
            throw error;
        }

        var terms = Words.ContentTokens(query.Text).ToHashSet();
        IReadOnlyList<SearchHit> hits = _pages
            .Select(p => (Page: p, Score: Words.ContentTokens(p.Title + " " + p.Text).Count(terms.Contains)))
            .Where(x => x.Score > 0)
            .OrderByDescending(x => x.Score)
            .Take(query.MaxResults)
            .Select(x => new SearchHit(x.Page.Url, x.Page.Title, x.Page.Text[..Math.Min(80, x.Page.Text.Length)], x.Score, name))
            .ToList();
        return Task.FromResult(hits);
    }

    public Task<ReadPage?> ReadAsync(SearchHit hit, CancellationToken cancellationToken) =>
        Task.FromResult(_pages.FirstOrDefault(p => p.Url == hit.Url));
}
