using Fathom.Models.Chat;
using Fathom.Text;

namespace Fathom.Models.Guard;

/// <summary>
/// Tells text that repeats the prompts' own instructions ("short keyword queries, each different from
/// every…", "You are the research lead of…"): a careless model copies its scaffolding into its answer,
/// and valid JSON of it is still no answer. A run of three words from a prompt that the run's own
/// material (question, plan, findings) does not also have counts as an echo. Built once per answer
/// judged: the material grows with every finding, and reading it again for each query or claim cost
/// a long run more than the rest of the judging.
/// </summary>
internal sealed class PromptEcho
{
    private const int RunLength = 3;

    private static readonly string[] Prompts = [ChatPrompts.Clarify, ChatPrompts.Plan, ChatPrompts.PlanRound, ChatPrompts.Learn, ChatPrompts.Write, ChatPrompts.Repair];

    private static readonly HashSet<string> PromptRuns = Runs(string.Join('\n', Prompts));

    private static readonly HashSet<string> PromptWords = Words.ContentTokens(string.Join('\n', Prompts)).ToHashSet(StringComparer.Ordinal);

    // Of the material, only what the tests look up: the prompts' runs and words it has too.
    private readonly HashSet<string> _ownRuns;
    private readonly HashSet<string> _ownWords;

    /// <summary>An echo test against the run's own <paramref name="material"/>.</summary>
    public PromptEcho(string material)
    {
        _ownRuns = Runs(material);
        _ownRuns.IntersectWith(PromptRuns);
        _ownWords = Words.ContentTokens(material).ToHashSet(StringComparer.Ordinal);
        _ownWords.IntersectWith(PromptWords);
    }

    /// <summary>Whether <paramref name="text"/> copies the prompts rather than saying something of <paramref name="material"/>.</summary>
    public static bool Echoes(string text, string material) => new PromptEcho(material).Echoes(text);

    /// <summary>Whether <paramref name="text"/> copies the prompts rather than saying something of the material.</summary>
    public bool Echoes(string text)
    {
        if (Runs(text).Any(r => PromptRuns.Contains(r) && !_ownRuns.Contains(r)))
        {
            return true;
        }

        // Short fragments: every content word from the prompts, none from the run's material. (A word
        // outside the prompts is not in them, so the material's prompt words are all that is needed.)
        var content = Words.ContentTokens(text);
        return content.Count > 0 && content.All(PromptWords.Contains) && !content.Any(_ownWords.Contains);
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
