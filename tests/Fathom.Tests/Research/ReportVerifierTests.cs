using Fathom.Research;
using Fathom.Sources;

namespace Fathom.Tests.Research;

public sealed class ReportVerifierTests
{
    private static SourceRegistry Registry()
    {
        var registry = new SourceRegistry();
        var a = registry.Register("https://a.example", "A", "");
        var b = registry.Register("https://b.example", "B", "");
        registry.AddFindings([
            new Finding(a.Number, "x", "Solar panel prices fell by ninety percent between 2010 and 2020."),
            new Finding(b.Number, "x", "Offshore wind farms produce steadier power than onshore ones."),
        ]);
        return registry;
    }

    [Fact]
    public void SupportedSentence_IsKeptWithItsQuote()
    {
        var result = ReportVerifier.Verify("# R\n\nSolar panel prices fell by ninety percent between 2010 and 2020 [[1]].", Registry(), 2500);

        Assert.Contains("[[1]]", result.Markdown, StringComparison.Ordinal);
        var reference = Assert.Single(result.References);
        Assert.Equal(["Solar panel prices fell by ninety percent between 2010 and 2020."], reference.Quotes);
        Assert.Equal(1, result.Summary.CitedSentences);
    }

    [Fact]
    public void UnsupportedSentence_IsDropped()
    {
        var result = ReportVerifier.Verify("# R\n\nNuclear reactors are the cheapest energy source ever built [[1]]. Solar panel prices fell by ninety percent [[1]].", Registry(), 2500);

        Assert.DoesNotContain("Nuclear", result.Markdown, StringComparison.Ordinal);
        Assert.Contains("Solar panel prices", result.Markdown, StringComparison.Ordinal);
        Assert.Equal(1, result.Summary.Removed);
    }

    [Fact]
    public void ChineseSentencesWrittenWithNoSpaceBetweenThem_AreJudgedOneByOne()
    {
        var registry = new SourceRegistry();
        var tea = registry.Register("https://tea.example", "茶", "");
        registry.AddFindings([
            new Finding(tea.Number, "x", "茶起源于中国西南地区，最早被用作药物。"),
            new Finding(tea.Number, "x", "十七世纪，荷兰东印度公司把茶叶运到欧洲，茶很快在英国流行起来。"),
        ]);

        var result = ReportVerifier.Verify(
            "# 茶\n\n茶起源于中国西南地区，最早被用作药物[[1]]。美国宇航局在火星上种植了咖啡树。[[1]]十七世纪，荷兰东印度公司把茶叶运到欧洲[[1]]。",
            registry,
            2500);

        Assert.Equal(1, result.Summary.Removed);
        Assert.Equal(2, result.Summary.CitedSentences);
        Assert.Contains("茶起源于中国西南地区，最早被用作药物[[1]]。十七世纪，荷兰东印度公司把茶叶运到欧洲[[1]]。", result.Markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("火星", result.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void SentenceCitingTheWrongSource_IsRecited()
    {
        var result = ReportVerifier.Verify("Offshore wind farms produce steadier power than onshore ones [[1]].", Registry(), 2500);

        Assert.Contains("[[2]]", result.Markdown, StringComparison.Ordinal);
        Assert.Equal(1, result.Summary.Recited);
        Assert.Equal(2, Assert.Single(result.References).Index);
    }

    [Fact]
    public void UnresolvedCitation_IsRemoved()
    {
        var result = ReportVerifier.Verify("Solar panel prices fell by ninety percent [[1,9]].", Registry(), 2500);

        Assert.DoesNotContain("9", result.Markdown.Split("## References")[0], StringComparison.Ordinal);
        Assert.Equal(1, result.Summary.UnresolvedDropped);
    }

    [Fact]
    public void CitationAfterThePeriod_CitesTheSentenceBeforeIt()
    {
        var result = ReportVerifier.Verify("Solar panel prices fell by ninety percent. [[1]]", Registry(), 2500);

        Assert.StartsWith("Solar panel prices fell by ninety percent [[1]].", result.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void WordBudget_CutsAtASentenceBoundary()
    {
        var body = string.Join(" ", Enumerable.Repeat("Solar panel prices fell by ninety percent between 2010 and 2020 [[1]].", 10));

        var result = ReportVerifier.Verify(body, Registry(), 40);

        var text = result.Markdown.Split("## References")[0];
        Assert.True(Fathom.Text.Words.Count(text) <= 40);
        Assert.EndsWith("[[1]].", text.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void ModelReferencesSection_IsReplacedByVerifiedOne()
    {
        var result = ReportVerifier.Verify("Solar panel prices fell by ninety percent [[1]].\n\n## Sources\n1. made up", Registry(), 2500);

        Assert.DoesNotContain("made up", result.Markdown, StringComparison.Ordinal);
        Assert.Contains("## References", result.Markdown, StringComparison.Ordinal);
    }
}
