using System.Globalization;
using System.Text;
using Fathom.Models;
using Fathom.Reading;
using Fathom.Research;
using Fathom.Sources;

namespace Fathom.Models.Chat;

/// <summary>
/// Every instruction the language model is given, in one place, so that the prompts can be read and
/// changed together. System prompts are constant; the user messages are built from the run's data.
/// </summary>
internal static class ChatPrompts
{
    public const string Clarify = """
        You are the research lead of a deep-research service. Before researching, decide whether the
        user's question is too ambiguous to research well (for example: it could mean several very
        different things, or the scope, time frame or audience changes the answer completely).
        Ask only when the answer would really change the research; most questions need no clarification.
        Answer with JSON only, in this shape:
        {"needed": true|false, "text": "one short paragraph to the user", "questions": ["question", ...]}
        Ask at most 3 questions, in the language of the user's question. When nothing needs asking,
        answer {"needed": false, "text": "", "questions": []}.
        """;

    public const string Plan = """
        You are the research lead of a deep-research service. Draw up the plan for researching the
        user's question: a research brief (2-4 sentences: what exactly is to be found out, and what a
        good answer must cover) and an outline of the report as 3-7 section titles, each naming a
        sub-question the research must answer. Section titles are short and in the language of the question.
        Answer with JSON only, in this shape:
        {"brief": "...", "outline": ["section title", ...]}
        """;

    public const string PlanRound = """
        You are the research lead of a deep-research service, between research rounds. Look at the
        plan, the queries already searched and what has been learned, decide what is still unknown,
        and either plan the next round or stop.
        Plan a round as a goal (one sentence: the gap it closes) and 1-{0} web search queries: short
        keyword queries, each different from every query already searched, aimed at the gaps.
        Stop when the outline is well covered, or when more searching is unlikely to add anything.
        Answer with JSON only, in this shape:
        {"stop": false, "stop_reason": "", "goal": "...", "queries": ["query", ...]}
        or, to stop: {"stop": true, "stop_reason": "why", "goal": "", "queries": []}
        """;

    /// <summary>Appended to <see cref="PlanRound"/> when the round's planner may call tools.</summary>
    public const string Tools = """

        You may also call the tools offered to you before you answer, when one can give what a gap
        needs: what a call returns is added to the research as a source, read for findings and cited
        like a web page, and you see it before you answer. At most {0} calls; a call is not a query.
        After your calls, answer with the JSON as above.
        """;

    public const string Learn = """
        You read one web page for a research project and take out what bears on the research question.
        For each finding give:
        - "claim": the fact in one sentence of your own words;
        - "quote": the exact words of the page that state it: copy one or two whole sentences
          character for character from the page (no paraphrase, no ellipsis, no added words);
        - "relevance": 0 to 1, how much it helps answer the question.
        Take at most {0} findings, the most relevant first; take none when the page does not bear on
        the question. Also write a one-sentence summary of what the page offers the research.
        Answer with JSON only, in this shape:
        {"summary": "...", "findings": [{"claim": "...", "quote": "...", "relevance": 0.8}]}
        """;

    public const string Write = """
        You write the final report of a deep-research service, in Markdown, from the findings given
        to you and nothing else. Rules:
        - Write in {0}.
        - Start with a "# " title, then a short summary paragraph, then one "## " section per outline
          entry (you may merge or skip an entry the findings do not cover), then a short conclusion.
        - Every sentence that states a fact ends with the citation of the source(s) it rests on, as
          [[n]] or [[n,m]] before the full stop, using only the source numbers given. A sentence may
          only say what the quotes of the sources it cites say; keep the quotes' own key words
          (names, numbers, terms), because each sentence is checked against them and dropped if
          its sources do not support it.
        - Do not write a references list; it is added for you.
        - Stay under {1} words. {2}
        """;

    public const string Repair = """
        Your previous answer could not be used: {0}
        Answer again, following the instructions exactly. {1}
        """;

    /// <summary>Fills the numbered holes ({0}, {1}…) of a prompt; the JSON braces in the prompts stay as they are.</summary>
    public static string Format(string template, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            template = template.Replace("{" + i.ToString(CultureInfo.InvariantCulture) + "}", Convert.ToString(values[i], CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        return template;
    }

    /// <summary>The question, the user's answers to earlier questions, and the images' note, as the user message of early stages.</summary>
    public static string Question(ResearchRequest request, int unseenImages)
    {
        var text = new StringBuilder();
        text.Append("Research question:\n").Append(request.Question.Trim()).Append('\n');
        if (!string.IsNullOrWhiteSpace(request.ClarificationAsked))
        {
            text.Append("\nQuestions asked earlier:\n").Append(request.ClarificationAsked.Trim()).Append('\n');
        }

        if (!string.IsNullOrWhiteSpace(request.ClarificationAnswer))
        {
            text.Append("\nThe user's answers:\n").Append(request.ClarificationAnswer.Trim()).Append('\n');
        }

        if (unseenImages > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n({unseenImages} image(s) came with the question, but this model cannot see images.)\n");
        }

        return text.ToString();
    }

    public static string RoundState(RunSnapshot run, int round, int maxRounds, int findingChars)
    {
        var text = new StringBuilder();
        text.Append("Research question:\n").Append(run.Request.FullQuestion.Trim()).Append("\n\n");
        AppendPlan(text, run.Plan);
        text.Append(CultureInfo.InvariantCulture, $"This is round {round} of at most {maxRounds}.\n");
        if (run.Rounds.Count > 0)
        {
            text.Append("\nRounds so far:\n");
            foreach (var r in run.Rounds)
            {
                text.Append(CultureInfo.InvariantCulture, $"- round {r.Round}: goal \"{r.Goal}\"; queries: {string.Join(" | ", r.Queries)}; new findings: {r.NewFindings}\n");
            }
        }

        text.Append("\nWhat has been learned (claims, by source):\n");
        var used = 0;
        foreach (var finding in run.Findings.OrderByDescending(f => f.Relevance))
        {
            var line = $"- [{finding.SourceNumber}] {finding.Claim}\n";
            if (used + line.Length > findingChars)
            {
                text.Append("- …\n");
                break;
            }

            used += line.Length;
            text.Append(line);
        }

        if (used == 0)
        {
            text.Append("- nothing yet\n");
        }

        return text.ToString();
    }

    public static string Page(RunSnapshot run, ReadPage page, SourceCard source, int maxChars)
    {
        var text = new StringBuilder();
        text.Append("Research question:\n").Append(run.Request.FullQuestion.Trim()).Append("\n\n");
        AppendPlan(text, run.Plan);
        var body = page.Text.Length <= maxChars ? page.Text : page.Text[..maxChars] + "\n[… the rest of the page is cut]";
        text.Append(CultureInfo.InvariantCulture, $"Page [{source.Number}]: {(page.Title.Length > 0 ? page.Title : source.Title)}\nAddress: {page.Url}\n");
        text.Append("<page>\n").Append(body).Append("\n</page>\n");
        return text.ToString();
    }

    public static string Findings(RunSnapshot run, IReadOnlyList<Finding> findings)
    {
        var text = new StringBuilder();
        text.Append("Research question:\n").Append(run.Request.FullQuestion.Trim()).Append("\n\n");
        AppendPlan(text, run.Plan);
        text.Append("Findings, by source. Cite a source by its number as [[n]].\n");
        foreach (var group in findings.GroupBy(f => f.SourceNumber).OrderBy(g => g.Key))
        {
            var card = run.Source(group.Key);
            text.Append(CultureInfo.InvariantCulture, $"\n[{group.Key}] {card?.Title}\n");
            foreach (var finding in group)
            {
                text.Append("- claim: ").Append(finding.Claim).Append('\n');
                text.Append("  quote: \"").Append(finding.Quote).Append("\"\n");
            }
        }

        return text.ToString();
    }

    public static string Style(ReportStyle style) => style == ReportStyle.Summary
        ? "Write a short summary report: a few paragraphs, no more than 400 words."
        : "Write a detailed report.";

    private static void AppendPlan(StringBuilder text, ResearchPlan? plan)
    {
        if (plan is null)
        {
            return;
        }

        text.Append("Research brief:\n").Append(plan.Brief.Trim()).Append("\n\nOutline:\n");
        foreach (var section in plan.Outline)
        {
            text.Append("- ").Append(section).Append('\n');
        }

        text.Append('\n');
    }
}
