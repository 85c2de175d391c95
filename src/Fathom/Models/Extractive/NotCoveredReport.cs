using System.Globalization;
using System.Text;
using Fathom.Text;

namespace Fathom.Models.Extractive;

/// <summary>
/// The short report for a question the sources do not address: it says so plainly, says how much
/// was read, and quotes the one passage that came closest so the reader can judge the miss. It is
/// kept far under any word budget: a page of unrelated quotes would read as an answer.
/// </summary>
public static class NotCoveredReport
{
    /// <summary>The heading of the report's one section.</summary>
    public const string Heading = "Not covered by the sources";

    /// <summary>The sentence that says it, which hosts and tests can look for.</summary>
    public const string Verdict = "The sources searched do not address this question.";

    /// <summary>The report; <paramref name="closest"/> is the best-scoring passage, if any was read.</summary>
    public static string Compose(string question, int sourcesFound, Candidate? closest)
    {
        var report = new StringBuilder();
        report.Append("# ").Append(Words.NormalizeSpace(question)).Append("\n\n")
            .Append(ReportComposer.Disclosure).Append("\n\n")
            .Append("## ").Append(Heading).Append("\n\n")
            .Append(Verdict).Append(' ')
            .Append(sourcesFound == 0
                ? "The searches found no page to read."
                : string.Create(CultureInfo.InvariantCulture, $"None of the {sourcesFound} pages found speaks of it closely enough to quote as an answer."))
            .Append(" Try a corpus or web search that covers the topic, or ask about what these sources do cover.\n\n");
        if (closest is not null)
        {
            report.Append("What came closest, which does not answer the question:\n\n")
                .Append("- ").Append(ReportComposer.Cited(closest.Text, closest.Source)).Append('\n');
        }

        return report.ToString();
    }
}
