using System.Text.RegularExpressions;
using Fathom.Research;
using Fathom.Sources;

namespace Fathom.Reports;

/// <summary>
/// A report as every export sees it: a title made from the question, the date, the body without
/// the writer's own title and reference list, and the references with their quotes. Exporters lay
/// this out; none of them reads the raw report.
/// </summary>
public sealed partial record ReportDocument
{
    /// <summary>The title: the question, tidied.</summary>
    public required string Title { get; init; }

    /// <summary>The question as asked.</summary>
    public required string Question { get; init; }

    /// <summary>When the report was written.</summary>
    public required DateTimeOffset Date { get; init; }

    /// <summary>The report's Markdown with <c>[[n]]</c> citations, without its title and references.</summary>
    public required string Body { get; init; }

    /// <summary>The cited sources, each with the verbatim quotes the report rests on.</summary>
    public required IReadOnlyList<Reference> References { get; init; }

    /// <summary>How many sources the report cites.</summary>
    public int SourceCount => References.Count;

    /// <summary>"1 December 2026 · 4 sources".</summary>
    public string Byline => $"{Date.UtcDateTime.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture)} · {SourceCount} {(SourceCount == 1 ? "source" : "sources")}";

    /// <summary>Builds the document from a report's Markdown (as the verifier released it) and its references.</summary>
    public static ReportDocument From(string question, string markdown, IReadOnlyList<Reference> references, DateTimeOffset date) => new()
    {
        Title = ReportTitle.FromQuestion(question),
        Question = question,
        Date = date,
        Body = BodyOf(markdown),
        References = references,
    };

    /// <summary>Builds the document from a finished run's result.</summary>
    public static ReportDocument From(ResearchResult result, DateTimeOffset date) => From(result.Question, result.Report, result.References, date);

    /// <summary>The reference with index <paramref name="index"/>, or null.</summary>
    public Reference? Find(int index) => References.FirstOrDefault(r => r.Index == index);

    // The writer's "# question" title and its closing "## References" list are replaced by the
    // exports' own title and reference list, which carry the quotes.
    private static string BodyOf(string markdown)
    {
        var text = markdown.Replace("\r\n", "\n", StringComparison.Ordinal);
        var title = LeadingTitle().Match(text);
        if (title.Success)
        {
            text = text[title.Length..];
        }

        var references = TrailingReferences().Match(text);
        if (references.Success)
        {
            text = text[..references.Index];
        }

        return text.Trim() + "\n";
    }

    [GeneratedRegex(@"\A\s*#[ \t]+[^\n]*\n", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingTitle();

    [GeneratedRegex(@"^#{1,3}[ \t]+(References|Sources)[ \t]*\n(?![\s\S]*^#{1,3}[ \t])", RegexOptions.CultureInvariant | RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex TrailingReferences();
}
