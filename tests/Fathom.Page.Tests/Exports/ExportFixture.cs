using Fathom.Page.Tests.Support;
using Fathom.Reports;
using Fathom.Research;

namespace Fathom.Page.Tests.Exports;

/// <summary>One real run of the extractive model over the heat-pump corpus, exported by every test.</summary>
public sealed class ExportFixture : IAsyncLifetime
{
    private TopicCorpus? _corpus;

    public ResearchResult Result { get; private set; } = new();

    public ReportDocument Document { get; private set; } = null!;

    /// <summary>The report's section headings, as the writer put them.</summary>
    public IReadOnlyList<string> Headings => [.. Result.Report.Split('\n').Where(l => l.StartsWith("## ", StringComparison.Ordinal)).Select(l => l[3..].Trim()).Where(h => h != "References")];

    public async Task InitializeAsync()
    {
        _corpus = await TopicCorpus.CreateAsync();
        Result = await _corpus.ResearchAsync();
        Document = ReportDocument.From(Result, new DateTimeOffset(2026, 12, 1, 9, 30, 0, TimeSpan.Zero));
    }

    public Task DisposeAsync()
    {
        _corpus?.Dispose();
        return Task.CompletedTask;
    }
}
