using System.Text;
using Fathom.Research;
using Fathom.Sources;
using Fathom.Text;

namespace Fathom.Models.Chat;

/// <summary>
/// Writes a report without the model, from the findings' own quotes, grouped by outline section and
/// cited: what a run falls back on when its budget is spent or the writer's answer is unusable. Every
/// sentence is a source's verbatim words, so verification keeps it.
/// </summary>
internal static class ReportComposer
{
    public static DraftReport Compose(ResearchContext context, string why)
    {
        var request = context.Request;
        var sections = context.Plan?.Outline is { Count: > 0 } outline ? outline.ToList() : ["Findings"];
        var text = new StringBuilder();
        text.Append("# ").Append(Words.Headline(request.Question)).Append("\n\n");
        text.Append('*').Append(why).Append(" This report is composed of the sources' own words, grouped by the outline.*\n\n");

        var findings = context.Sources.Findings;
        if (findings.Count == 0)
        {
            text.Append("No findings were gathered, so there is nothing to report.\n");
            return new DraftReport(text.ToString());
        }

        var budget = request.Limits.ReportWordBudget - Words.Count(text.ToString()) - (sections.Count * 6);
        var words = 0;
        foreach (var (section, members) in Assign(sections, findings, request.FullQuestion))
        {
            if (members.Count == 0)
            {
                continue;
            }

            var body = new StringBuilder();
            foreach (var finding in members)
            {
                foreach (var sentence in Sentences.Split(finding.Quote).Select(s => s.Text))
                {
                    var n = Words.Count(sentence);
                    if (words + n > budget)
                    {
                        break;
                    }

                    words += n;
                    body.Append(Cite(sentence, finding.SourceNumber)).Append(' ');
                }
            }

            if (body.Length > 0)
            {
                text.Append("## ").Append(section).Append("\n\n").Append(body.ToString().TrimEnd()).Append("\n\n");
            }
        }

        return new DraftReport(text.ToString());
    }

    /// <summary>Each finding goes to the section whose title shares most words with it; the best findings lead.</summary>
    private static List<(string Section, List<Finding> Members)> Assign(List<string> sections, IReadOnlyList<Finding> findings, string question)
    {
        var keys = sections.Select(s => Words.ContentTokens(s).ToHashSet()).ToList();
        var questionWords = Words.ContentTokens(question).ToHashSet();
        var groups = sections.Select(s => (s, new List<Finding>())).ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var finding in findings.OrderByDescending(f => f.Relevance).ThenBy(f => f.SourceNumber).ThenBy(f => f.Position))
        {
            if (!seen.Add(Words.NormalizeSpace(finding.Quote)))
            {
                continue;
            }

            var tokens = Words.ContentTokens(finding.Claim + " " + finding.Quote);
            var scores = keys.Select(k => tokens.Count(k.Contains)).ToList();
            var best = scores.Max();
            var index = best > 0 ? scores.IndexOf(best) : groups.Select((g, i) => (g.Item2.Count, i)).Min().i;
            if (best == 0 && !tokens.Any(questionWords.Contains) && finding.Relevance <= 0)
            {
                continue; // Bears on nothing asked.
            }

            groups[index].Item2.Add(finding);
        }

        return groups;
    }

    /// <summary>The sentence with its citation before the closing punctuation: "… as reported [[3]].".</summary>
    private static string Cite(string sentence, int source)
    {
        var end = sentence.Length;
        while (end > 0 && ".!?。！？".Contains(sentence[end - 1], StringComparison.Ordinal))
        {
            end--;
        }

        return $"{sentence[..end]} [[{source}]]{sentence[end..]}";
    }
}
