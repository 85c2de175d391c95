using System.Text;
using Fathom.Text;

namespace Fathom.Models.Extractive;

/// <summary>
/// Lays chosen sentences out as a Markdown report: a title, the disclosure that no language model
/// wrote it, then one section per outline entry. A sentence goes to the first section whose
/// heading words it contains, else to the last section. Within a section, sentences keep their
/// source's order and those of one source form one paragraph, each cited [[n]] before its closing
/// punctuation, which is how the verifier writes citations (so it leaves them as they are).
/// </summary>
public static class ReportComposer
{
    /// <summary>The line that tells readers how the report was made.</summary>
    public const string Disclosure =
        "> No language model wrote this report. Fathom's built-in extractive model chose each sentence below from the sources and quotes it verbatim; the number after it names the source.";

    /// <summary>The section for sentences that match no aspect.</summary>
    public const string FurtherFindings = "Further findings";

    /// <summary>Words the title, the disclosure and the section headings take from the budget.</summary>
    public static int Overhead(string title, IReadOnlyList<string> outline) =>
        Count(Title(title)) + Count(Disclosure) + outline.Sum(h => Count("## " + h));

    /// <summary>
    /// The report: <paramref name="chosen"/> sentences under the headings of <paramref name="outline"/>,
    /// each in the section <paramref name="sectionOf"/> gives it (by index), or when that is not given
    /// in the first section whose heading words it contains.
    /// </summary>
    public static string Compose(string title, IReadOnlyList<string> outline, IReadOnlyList<Candidate> chosen, IReadOnlyList<int>? sectionOf = null)
    {
        var sections = outline.Count == 0 ? [FurtherFindings] : outline;
        var headingStems = sections.Select(Concepts.ContentStems).ToList();
        var bySection = sections.Select(_ => new List<Candidate>()).ToList();
        for (var i = 0; i < chosen.Count; i++)
        {
            var section = sectionOf is not null && i < sectionOf.Count && sectionOf[i] >= 0 && sectionOf[i] < sections.Count
                ? sectionOf[i]
                : headingStems.FindIndex(h => h.Count > 0 && h.IsSubsetOf(Concepts.ContentStems(chosen[i].Text)));
            bySection[section < 0 ? sections.Count - 1 : section].Add(chosen[i]);
        }

        var report = new StringBuilder();
        report.Append(Title(title)).Append("\n\n").Append(Disclosure).Append("\n\n");
        for (var i = 0; i < sections.Count; i++)
        {
            if (bySection[i].Count == 0)
            {
                continue;
            }

            report.Append("## ").Append(sections[i]).Append("\n\n");
            foreach (var paragraph in bySection[i].OrderBy(c => c.Source).ThenBy(c => c.Position).GroupBy(c => c.Source))
            {
                report.Append(Sentences.Join(paragraph.Select(c => Cited(c.Text, c.Source)))).Append("\n\n");
            }
        }

        return report.ToString().TrimEnd() + "\n";
    }

    /// <summary>"… as reported." cited as source 3 reads "… as reported [[3]]."; "… “no.”" reads "… “no [[3]].”".</summary>
    public static string Cited(string sentence, int source) => Sentences.Cite(Words.NormalizeSpace(sentence), "[[" + source + "]]");

    private static string Title(string question) => "# " + Words.Headline(question);

    private static int Count(string line) => Math.Max(Words.Count(line), Words.Tokens(line).Count);
}
