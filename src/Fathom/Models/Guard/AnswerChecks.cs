using Fathom.Models.Extractive;
using Fathom.Research;
using Fathom.Sources;
using Fathom.Text;

namespace Fathom.Models.Guard;

/// <summary>
/// Tests of what a language model answered, beyond its JSON being valid: queries and goals must be
/// about the question (<see cref="TopicTest"/>), must not echo the prompts' instructions
/// (<see cref="PromptEcho"/>), and must not repeat; a finding's claim must say what its quote says.
/// </summary>
internal static class AnswerChecks
{
    private static readonly HashSet<string> Negations = new(["not", "no", "never", "none", "nor", "neither", "cannot", "isn", "aren", "wasn", "doesn", "don", "didn", "false", "untrue"], StringComparer.Ordinal);

    /// <summary>Share of a claim's content stems its quote must have, when no embedder reads the claim as a paraphrase.</summary>
    public const double ClaimInQuote = 0.5;

    /// <summary>The run's own words: question, plan and findings' claims, what an answer may draw on.</summary>
    public static string Material(RunSnapshot context) => string.Join(
        '\n',
        [
            context.Request.FullQuestion,
            context.Plan?.Brief ?? "",
            .. context.Plan?.Outline ?? [],
            .. context.Findings.Select(f => f.Claim + " " + f.Quote),
        ]);

    /// <summary>The queries worth searching, and why each of the others is refused.</summary>
    public static async Task<(List<string> Kept, List<string> Refused)> QueriesAsync(IReadOnlyList<string> queries, RunSnapshot context, TopicTest topic, CancellationToken cancellationToken)
    {
        var echo = new PromptEcho(Material(context));
        var about = await topic.AboutAsync(queries, context, cancellationToken);
        var searched = context.QueriesSoFar.Select(Key).ToHashSet(StringComparer.Ordinal);
        var kept = new List<string>();
        var refused = new List<string>();
        for (var i = 0; i < queries.Count; i++)
        {
            var query = queries[i];
            var key = Key(query);
            var why = key.Length == 0 ? "it is empty"
                : echo.Echoes(query) ? "it repeats the prompt's instructions"
                : !about[i] ? "it is not about the question"
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

    /// <summary>Why a goal or brief is no use (empty, echoing the prompt, off the question), or null when it says something of the question.</summary>
    public static async Task<string?> GoalAsync(string text, RunSnapshot context, TopicTest topic, CancellationToken cancellationToken) =>
        string.IsNullOrWhiteSpace(text) ? "it is empty"
        : PromptEcho.Echoes(text, Material(context)) ? "it repeats the prompt's instructions"
        : !(await topic.AboutAsync([text], context, cancellationToken))[0] ? "it is not about the question"
        : null;

    /// <summary>Why a finding's claim does not say what its quote says, or null when it does.</summary>
    /// <param name="finding">The finding.</param>
    /// <param name="echo">The echo test against the run's own words (<see cref="Material"/>).</param>
    /// <param name="paraphrase">Whether an embedder reads the claim as a close paraphrase of the quote.</param>
    public static string? Finding(Finding finding, PromptEcho echo, bool paraphrase)
    {
        var claim = Concepts.ContentStems(finding.Claim);
        var quote = Concepts.ContentStems(finding.Quote);
        if (echo.Echoes(finding.Claim) || echo.Echoes(finding.Quote))
        {
            return "it repeats the prompt's instructions";
        }

        if (claim.Count == 0)
        {
            return "the claim is empty";
        }

        if (!paraphrase && (double)claim.Count(quote.Contains) / claim.Count < ClaimInQuote)
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
