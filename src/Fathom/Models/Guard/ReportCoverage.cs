using System.Text;
using Fathom.Models.Extractive;
using Fathom.Research;
using Fathom.Research.Support;
using Fathom.Sources;
using Fathom.Text;
using Microsoft.Extensions.AI;

namespace Fathom.Models.Guard;

/// <summary>
/// Compares a writer's report with the one the built-in extractive model composes from the same
/// findings, after both are verified: coverage is the distinct word stems of the quotes a report's
/// surviving sentences rest on. A report covering less is replaced by the composition (a fallback),
/// or, when it covers nearly as much, has the composition's other sentences added after it (a merge).
/// </summary>
internal static class ReportCoverage
{
    /// <summary>Below this share of the composition's coverage the writer's report is replaced.</summary>
    public const double ReplaceBelow = 0.75;

    /// <summary>Below this share (and above <see cref="ReplaceBelow"/>) the composition's other sentences are added.</summary>
    public const double MergeBelow = 1.0;

    /// <summary>A verified report under this many words says too little to stand on its own.</summary>
    public const int MinimumWords = 200;

    public static int Of(VerifiedReport report) =>
        report.References.SelectMany(r => r.Quotes).SelectMany(Concepts.ContentStems).Distinct(StringComparer.Ordinal).Count();

    /// <summary>
    /// Whether the writer's report stands, is replaced by the composition, or has the composition's
    /// other sentences added; both are verified as the run will verify them (with the embedder).
    /// </summary>
    public static async Task<Verdict<DraftReport>> JudgeAsync(DraftReport written, DraftReport composed, RunSnapshot run, IEmbeddingGenerator<string, Embedding<float>>? embedder, CancellationToken cancellationToken)
    {
        var sources = Registry(run);
        var wordBudget = run.Request.Limits.ReportWordBudget;
        // One embedding pass for both drafts: most of the texts are the findings' quotes they share.
        var texts = ReportVerifier.Claims(written.Markdown).Concat(ReportVerifier.Claims(composed.Markdown)).Concat(run.Findings.Select(f => f.Quote));
        var support = await QuoteSupport.CreateAsync(embedder, texts, cancellationToken);
        var ours = ReportVerifier.Verify(written.Markdown, sources, wordBudget, support);
        var theirs = ReportVerifier.Verify(composed.Markdown, sources, wordBudget, support);
        var (a, b) = (Of(ours), Of(theirs));
        var words = Words.Count(Body(ours.Markdown));
        if (b == 0 || (a >= b * MergeBelow && words >= MinimumWords))
        {
            return Verdict.Accept<DraftReport>();
        }

        var share = (double)a / b;
        var figures = $"its verified sentences rest on quotes covering {a} terms, the built-in composition's on {b}; {words} words survived verification";
        if (share < ReplaceBelow || words < MinimumWords)
        {
            return Verdict.Fallback<DraftReport>("the model's report covered less than the built-in model composes from the same findings: " + figures);
        }

        var merged = new StringBuilder(Body(ours.Markdown).TrimEnd()).Append("\n\n## ").Append(ReportComposer.FurtherFindings).Append("\n\n");
        var have = ours.References.SelectMany(r => r.Quotes).ToHashSet(StringComparer.Ordinal);
        foreach (var reference in theirs.References)
        {
            foreach (var quote in reference.Quotes.Where(q => !have.Contains(q)))
            {
                merged.Append(Cite(quote, reference.Index)).Append(' ');
            }
        }

        return Verdict.Merge(written with { Markdown = merged.ToString().TrimEnd() + "\n" }, "the built-in model's other sentences were added to the report, which covered less than its composition: " + figures);
    }

    /// <summary>The run's sources and findings as the verifier reads them.</summary>
    private static SourceRegistry Registry(RunSnapshot run)
    {
        var registry = new SourceRegistry();
        foreach (var card in run.Sources)
        {
            registry.Restore(card);
        }

        registry.AddFindings(run.Findings);
        return registry;
    }

    private static string Body(string markdown)
    {
        var at = markdown.IndexOf("\n## References", StringComparison.Ordinal);
        return at < 0 ? markdown : markdown[..at];
    }

    private static string Cite(string quote, int source)
    {
        var text = Words.NormalizeSpace(quote);
        var end = text.Length;
        while (end > 0 && ".!?".Contains(text[end - 1], StringComparison.Ordinal))
        {
            end--;
        }

        return $"{text[..end]} [[{source}]]{text[end..]}";
    }
}
