using Fathom.Reading;
using Fathom.Search;
using Fathom.Text;

namespace Fathom.Server.Tests.Support;

/// <summary>A handful of documents searched by word overlap and read by address: a stand-in for the local index.</summary>
internal sealed class InMemoryCorpus : ISearchProvider, IPageReader
{
    private readonly List<(string Url, string Title, string Text)> _documents;

    public InMemoryCorpus(IEnumerable<(string Url, string Title, string Text)> documents) => _documents = [.. documents];

    public string Name => "memory";

    public static InMemoryCorpus Education() => new(EducationDocuments);

    public static IReadOnlyList<(string Url, string Title, string Text)> EducationDocuments { get; } =
    [
        ("https://edu.example/personalised", "Personalised learning",
            "Adaptive learning systems adjust the pace and content of lessons to each student. Learner models estimate what a student knows from their answers. Schools report that adaptive practice helps weaker students catch up."),
        ("https://edu.example/tutoring", "Intelligent tutoring systems",
            "Intelligent tutoring systems give step-by-step hints while a student solves a problem. Studies of tutoring systems in mathematics found learning gains comparable to human tutoring in some settings."),
        ("https://edu.example/assessment", "Automated assessment",
            "Automated essay scoring uses language models to grade written answers. Automated assessment gives students feedback within seconds instead of days."),
        ("https://edu.example/workload", "Teacher workload",
            "Artificial intelligence tools draft lesson plans and quizzes for teachers. Teachers surveyed said such tools saved them several hours a week."),
        ("https://edu.example/evidence", "Evidence on artificial intelligence in education",
            "Reviews of artificial intelligence in education find the strongest evidence for tutoring and adaptive practice. The evidence for other uses of artificial intelligence is thinner."),
        ("https://edu.example/risks", "Risks of artificial intelligence in schools",
            "Privacy of student data is the most cited risk of artificial intelligence in schools. Biased models can give some groups of students worse feedback."),
    ];

    public Task<IReadOnlyList<SearchHit>> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        var terms = Words.ContentTokens(query.Text).ToHashSet(StringComparer.Ordinal);
        IReadOnlyList<SearchHit> hits = _documents
            .Select(d => (Doc: d, Score: Words.ContentTokens(d.Title + " " + d.Text).Count(terms.Contains)))
            .Where(x => x.Score > 0)
            .OrderByDescending(x => x.Score)
            .ThenBy(x => x.Doc.Url, StringComparer.Ordinal)
            .Take(query.MaxResults)
            .Select(x => new SearchHit(x.Doc.Url, x.Doc.Title, x.Doc.Text[..Math.Min(80, x.Doc.Text.Length)], x.Score, Name))
            .ToList();
        return Task.FromResult(hits);
    }

    public Task<ReadPage?> ReadAsync(SearchHit hit, CancellationToken cancellationToken)
    {
        var doc = _documents.FirstOrDefault(d => d.Url == hit.Url);
        return Task.FromResult(doc.Url is null ? null : new ReadPage(doc.Url, doc.Title, doc.Text));
    }
}
