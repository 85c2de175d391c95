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
            var tokens = Tokens(sentence);
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
        return Of(sentence, verbs, null);
    }

    /// <summary>
    /// The well-formed noun phrases of <paramref name="sentence"/> by what <paramref name="grammar"/>
    /// knows of the text's words: each ends before a verb and is cut back to its last word that can head
    /// a noun phrase ("the run goes on" gives "run", not "run goes").
    /// </summary>
    public static IEnumerable<(string Key, string Surface)> Of(string sentence, PhraseGrammar grammar)
    {
        ArgumentNullException.ThrowIfNull(grammar);
        return Of(sentence, grammar.Verbs, grammar);
    }

    private static IEnumerable<(string Key, string Surface)> Of(string sentence, IReadOnlySet<string> verbs, PhraseGrammar? grammar)
    {
        var tokens = Tokens(sentence);
        for (var i = 0; i + 1 < tokens.Count; i++)
        {
            if (!Openers.Contains(tokens[i]))
            {
                continue;
            }

            var whole = Run(tokens, i + 1, verbs);
            var run = grammar is null ? whole : grammar.Headed(whole);
            if (run.Count == 0)
            {
                continue;
            }

            var end = i + 1 + whole.Count;

            // "lack of funding", "cost of living": one phrase across "of" (only when the first part was whole).
            if (run.Count == whole.Count && end + 1 < tokens.Count && tokens[end] == "of" && Run(tokens, end + 1, verbs) is { Count: > 0 } rest
                && (grammar is null ? rest : grammar.Headed(rest)) is { Count: > 0 } tail && run.Count + tail.Count <= MaxWords)
            {
                yield return Phrase([.. run, "of", .. tail]);
            }

            yield return Phrase(run);
        }
    }

    /// <summary>The tokens phrases are read from: lower-case words, and each mark on its own.</summary>
    internal static List<string> Tokens(string? sentence) =>
        TokenPattern().Matches(sentence ?? "").Select(m => m.Value.ToLowerInvariant()).ToList();

    /// <summary>Whether a noun phrase may begin after <paramref name="token"/> (an article, possessive, preposition or quantifier).</summary>
    internal static bool OpensAPhrase(string token) => Openers.Contains(token);

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

    // Closed-class words the stop list leaves out: particles, and prepositions and conjunctions that
    // open a clause, not a phrase ("money [running out]", "funding [because] …").
    private static readonly HashSet<string> Particles = new(StringComparer.Ordinal)
    {
        "out", "off", "down", "away", "toward", "towards", "within", "across", "around", "upon", "via", "per",
        "because", "although", "though", "unless", "until", "since", "whether", "every", "whose", "must", "cannot",
    };

    // An adverb ("quickly"), a bare number or a function word ends a phrase: none names a thing.
    private static bool Content(string token) =>
        token.Length > 2 && char.IsLetter(token[0]) && !Words.IsStopWord(token) && !Openers.Contains(token) && !Particles.Contains(token)
        && !token.EndsWith("ly", StringComparison.Ordinal);

    private static (string Key, string Surface) Phrase(List<string> words) =>
        (string.Join(' ', words.Where(w => w != "of").Select(Concepts.Stem)), string.Join(' ', words));
}
