using Fathom.Models.Chat;
using Fathom.Text;

namespace Fathom.Models.Guard;

/// <summary>
/// Tells text that repeats the prompts' own instructions ("short keyword queries, each different from
/// every…", "You are the research lead of…"): a careless model copies its scaffolding into its answer,
/// and valid JSON of it is still no answer. A run of three words from a prompt that the run's own
/// material (question, plan, findings) does not also have counts as an echo.
/// </summary>
internal static class PromptEcho
{
    private const int RunLength = 3;

    private static readonly string[] Prompts = [ChatPrompts.Clarify, ChatPrompts.Plan, ChatPrompts.PlanRound, ChatPrompts.Learn, ChatPrompts.Write, ChatPrompts.Repair];

    private static readonly HashSet<string> PromptRuns = Runs(string.Join('\n', Prompts));

    private static readonly HashSet<string> PromptWords = Words.ContentTokens(string.Join('\n', Prompts)).ToHashSet(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="text"/> copies the prompts rather than saying something of <paramref name="material"/>.</summary>
    public static bool Echoes(string text, string material)
    {
        var own = Runs(material);
        if (Runs(text).Any(r => PromptRuns.Contains(r) && !own.Contains(r)))
        {
            return true;
        }

        // Short fragments: every content word from the prompts, none from the run's material.
        var content = Words.ContentTokens(text);
        var materialWords = Words.ContentTokens(material).ToHashSet(StringComparer.Ordinal);
        return content.Count > 0 && content.All(PromptWords.Contains) && !content.Any(materialWords.Contains);
    }

    private static HashSet<string> Runs(string text)
    {
        var words = Words.Tokens(text);
        var runs = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + RunLength <= words.Count; i++)
        {
            runs.Add(string.Join(' ', words.GetRange(i, RunLength)));
        }

        return runs;
    }
}
