using Fathom.Models.Extractive;
using Fathom.Sources;
using Fathom.Text;

namespace Fathom.Models.Guard;

/// <summary>
/// Judges what a language model answered, beyond its JSON being valid: queries and goals must be
/// about the question (they share a word stem with the question, the plan or the findings), must not
/// echo the prompts' instructions, and must not repeat; a finding's claim must say what its quote says.
/// </summary>
internal static class AnswerJudge
{
    private static readonly HashSet<string> Negations = new(["not", "no", "never", "none", "nor", "neither", "cannot", "isn", "aren", "wasn", "doesn", "don", "didn", "false", "untrue"], StringComparer.Ordinal);

    /// <summary>The run's own words: question, plan and findings' claims, what an answer may draw on.</summary>
    public static string Material(ResearchContext context) => string.Join(
        '\n',
        [
            context.Request.FullQuestion,
            context.Plan?.Brief ?? "",
            .. context.Plan?.Outline ?? [],
            .. context.Sources.Findings.Select(f => f.Claim + " " + f.Quote),
        ]);

    /// <summary>The queries worth searching, and why each of the others is refused.</summary>
    public static (List<string> Kept, List<string> Refused) Queries(IReadOnlyList<string> queries, ResearchContext context)
    {
        var material = Material(context);
        var topic = Concepts.ContentStems(context.Request.FullQuestion + " " + string.Join(' ', context.Plan?.Outline ?? []));
        var searched = context.QueriesSoFar.Select(Key).ToHashSet(StringComparer.Ordinal);
        var kept = new List<string>();
        var refused = new List<string>();
        foreach (var query in queries)
        {
            var key = Key(query);
            var why = key.Length == 0 ? "it is empty"
                : PromptEcho.Echoes(query, material) ? "it repeats the prompt's instructions"
                : !Concepts.ContentStems(query).Overlaps(topic) ? "it is not about the question"
                : !searched.Add(key) ? "it repeats a query already searched or proposed"
                : null;
            if (why is null)
            {
                kept.Add(query.Trim());
            }
            else
            {
                refused.Add($"\"{Shorten(query)}\" ({why})");
            }
        }

        return (kept, refused);
    }

    /// <summary>Whether a goal or brief says something of the question rather than echoing the prompt.</summary>
    public static bool IsAbout(string text, ResearchContext context) =>
        !string.IsNullOrWhiteSpace(text)
        && !PromptEcho.Echoes(text, Material(context))
        && Concepts.ContentStems(text).Overlaps(Concepts.ContentStems(context.Request.FullQuestion + " " + string.Join(' ', context.Plan?.Outline ?? [])));

    /// <summary>Why a finding's claim does not say what its quote says, or null when it does.</summary>
    public static string? Finding(Finding finding, string material)
    {
        var claim = Concepts.ContentStems(finding.Claim);
        var quote = Concepts.ContentStems(finding.Quote);
        if (PromptEcho.Echoes(finding.Claim, material) || PromptEcho.Echoes(finding.Quote, material))
        {
            return "it repeats the prompt's instructions";
        }

        if (claim.Count == 0)
        {
            return "the claim is empty";
        }

        if ((double)claim.Count(quote.Contains) / claim.Count < 0.5)
        {
            return "the claim says something its quote does not";
        }

        var claimNegated = Words.Tokens(finding.Claim).Count(Negations.Contains);
        var quoteNegated = Words.Tokens(finding.Quote).Count(Negations.Contains);
        return claimNegated > quoteNegated ? "the claim denies what its quote says" : null;
    }

    private static string Key(string query) => string.Join(' ', Words.Tokens(query));

    public static string Shorten(string text) => text.Length <= 60 ? text.Trim() : text[..57].Trim() + "…";
}
