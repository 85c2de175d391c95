using System.Text.RegularExpressions;
using Fathom.Text;

namespace Fathom.Models.Extractive;

/// <summary>
/// Noun phrases without a part-of-speech tagger. In English a determiner, a possessive or a
/// preposition is followed by a noun phrase ("the [side effects] of", "for [lack of funding]", "in
/// [gas prices]"), and a noun phrase ends where the next function word or punctuation begins. So a
/// phrase here is the run of content words right after such an opener, up to the next stop word or
/// mark, optionally joined to a second run by "of". Only closed-class words (articles, possessives,
/// prepositions) are listed, never topic words, so the rule holds for any subject. A run that picks
/// up a verb ("the company goes") is rare across sources, and headings are drawn only from phrases
/// that several sources use, and a word that follows a subject pronoun elsewhere in the same text
/// ("it goes") is taken as a verb and ends the phrase.
/// </summary>
public static partial class NounPhrases
{
    private static readonly HashSet<string> EmptyVerbs = [];

    /// <summary>Most content words in a phrase: a heading of more reads as a sentence.</summary>
    public const int MaxWords = 3;

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}'’\-]*|[^\s\p{L}\p{N}]", RegexOptions.CultureInvariant)]
    private static partial Regex TokenPattern();

    // Closed-class words after which a noun phrase begins.
    private static readonly HashSet<string> Openers = new(StringComparer.Ordinal)
    {
        "the", "a", "an", "this", "these", "those", "their", "its", "his", "her", "our", "your", "my",
        "of", "for", "in", "on", "with", "about", "from", "by", "into", "over", "under", "between", "among",
        "against", "without", "through", "during", "after", "before", "such", "many", "most", "some", "any", "each",
    };

    // Subject pronouns: the word after one is a verb ("it goes", "they fail"), whatever the topic.
    private static readonly HashSet<string> Subjects = new(StringComparer.Ordinal)
    {
        "it", "they", "he", "she", "we", "you", "which", "who",
    };

    /// <summary>
    /// The words of <paramref name="sentences"/> that follow a subject pronoun somewhere in them: verbs
    /// of this text, which end a phrase rather than belong to it ("the run [goes] on").
    /// </summary>
    public static HashSet<string> Verbs(IEnumerable<string> sentences)
    {
        var verbs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sentence in sentences)
        {
            var tokens = TokenPattern().Matches(sentence ?? "").Select(m => m.Value.ToLowerInvariant()).ToList();
            for (var i = 0; i + 1 < tokens.Count; i++)
            {
                if (Subjects.Contains(tokens[i]) && Content(tokens[i + 1]))
                {
                    verbs.Add(tokens[i + 1]);
                }
            }
        }

        return verbs;
    }

    /// <summary>The noun phrases of <paramref name="sentence"/>: stemmed key and the words as written (lower case).</summary>
    public static IEnumerable<(string Key, string Surface)> Of(string sentence) => Of(sentence, EmptyVerbs);

    /// <summary>The noun phrases of <paramref name="sentence"/>, each ending before any of <paramref name="verbs"/> (see <see cref="Verbs"/>).</summary>
    public static IEnumerable<(string Key, string Surface)> Of(string sentence, IReadOnlySet<string> verbs)
    {
        ArgumentNullException.ThrowIfNull(verbs);
        var tokens = TokenPattern().Matches(sentence ?? "").Select(m => m.Value.ToLowerInvariant()).ToList();
        for (var i = 0; i + 1 < tokens.Count; i++)
        {
            if (!Openers.Contains(tokens[i]))
            {
                continue;
            }

            var run = Run(tokens, i + 1, verbs);
            if (run.Count == 0)
            {
                continue;
            }

            var end = i + 1 + run.Count;

            // "lack of funding", "cost of living": one phrase across "of".
            if (end + 1 < tokens.Count && tokens[end] == "of" && Run(tokens, end + 1, verbs) is { Count: > 0 } tail && run.Count + tail.Count <= MaxWords)
            {
                yield return Phrase([.. run, "of", .. tail]);
            }

            yield return Phrase(run);
        }
    }

    /// <summary>The content words from <paramref name="start"/> up to the next function word or mark; empty when one is too short or a number.</summary>
    private static List<string> Run(List<string> tokens, int start, IReadOnlySet<string> verbs)
    {
        var run = new List<string>();
        for (var j = start; j < tokens.Count && Content(tokens[j]) && (j == start || !verbs.Contains(tokens[j])); j++)
        {
            run.Add(tokens[j]);
        }

        // A longer run has usually taken in the verb after the phrase ("the solid electrolyte interphase
        // grows"): its first words are the phrase.
        return run.Count > MaxWords ? run[..MaxWords] : run;
    }

    // An adverb ("quickly") or a bare number ends a phrase: neither names a thing.
    private static bool Content(string token) =>
        token.Length > 2 && char.IsLetter(token[0]) && !Words.IsStopWord(token) && !token.EndsWith("ly", StringComparison.Ordinal);

    private static (string Key, string Surface) Phrase(List<string> words) =>
        (string.Join(' ', words.Where(w => w != "of").Select(Concepts.Stem)), string.Join(' ', words));
}
