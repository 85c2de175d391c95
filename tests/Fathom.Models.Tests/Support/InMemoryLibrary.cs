using Fathom.Reading;
using Fathom.Search;
using Fathom.Text;

namespace Fathom.Models.Tests.Support;

/// <summary>A search provider and page reader over a handful of documents held in memory.</summary>
internal sealed class InMemoryLibrary(IReadOnlyList<Corpus.Doc> docs) : ISearchProvider, IPageReader
{
    public string Name => "memory";

    public int Searches { get; private set; }

    public Task<IReadOnlyList<SearchHit>> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        Searches++;
        var words = Words.ContentTokens(query.Text).ToHashSet();
        IReadOnlyList<SearchHit> hits = docs
            .Select(d => (Doc: d, Score: Words.ContentTokens(d.Title + " " + d.Text).Count(words.Contains) / Math.Sqrt(1 + Words.Count(d.Text))))
            .Where(s => s.Score > 0)
            .OrderByDescending(s => s.Score)
            .Take(query.MaxResults)
            .Select(s => new SearchHit(s.Doc.Url, s.Doc.Title, s.Doc.Text[..Math.Min(200, s.Doc.Text.Length)], s.Score, Name))
            .ToList();
        return Task.FromResult(hits);
    }

    public Task<ReadPage?> ReadAsync(SearchHit hit, CancellationToken cancellationToken)
    {
        var doc = docs.FirstOrDefault(d => d.Url == hit.Url);
        return Task.FromResult(doc is null ? null : new ReadPage(doc.Url, doc.Title, doc.Text));
    }

    public string TextOf(string url) => docs.First(d => d.Url == url).Text;
}
