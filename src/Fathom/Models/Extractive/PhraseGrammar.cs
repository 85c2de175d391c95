namespace Fathom.Models.Extractive;

/// <summary>
/// What a text shows about its own words, without a tagger or a lexicon: a word used as a noun
/// follows a determiner or preposition ("the source", "of funding") or comes before "of", a form of
/// "be" or "have", or a mark ("the source is", "side effects."); a word used as a verb follows a
/// subject pronoun, a modal, "to" or "not" ("it goes", "can cite", "to check") or comes straight
/// before an article ("cites the page"). A noun phrase must end in a word the text uses more as a noun
/// than as a verb: "run goes" (nowhere "the goes", nowhere "goes is") is a verb fragment, and is cut
/// back to "run". Only closed-class words are listed, never topic words, so it holds for any subject.
/// </summary>
public sealed class PhraseGrammar
{
    private static readonly HashSet<string> NounAfter = new(StringComparer.Ordinal)
    {
        "of", "is", "are", "was", "were", "has", "have", "had", ".", ",", ";", ":", ")", "?", "!",
    };

    private static readonly HashSet<string> VerbBefore = new(StringComparer.Ordinal)
    {
        "it", "they", "he", "she", "we", "you", "which", "who", "will", "would", "can", "could", "should",
        "may", "might", "must", "does", "do", "did", "not", "never", "also", "to", "cannot",
    };

    private static readonly HashSet<string> VerbAfter = new(StringComparer.Ordinal) { "the", "a", "an", "them" };

    private readonly Dictionary<string, int> _nounUses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _verbUses = new(StringComparer.Ordinal);

    /// <summary>The words that follow a subject pronoun somewhere in the text (see <see cref="NounPhrases.Verbs"/>): they end a phrase.</summary>
    public IReadOnlySet<string> Verbs { get; }

    private PhraseGrammar(IReadOnlySet<string> verbs) => Verbs = verbs;

    /// <summary>The grammar of <paramref name="sentences"/>: how each of their words is used across them.</summary>
    public static PhraseGrammar Of(IEnumerable<string> sentences)
    {
        var texts = (sentences ?? []).ToList();
        var grammar = new PhraseGrammar(NounPhrases.Verbs(texts));
        foreach (var text in texts)
        {
            var tokens = NounPhrases.Tokens(text);
            for (var i = 0; i < tokens.Count; i++)
            {
                var before = i > 0 ? tokens[i - 1] : "";
                var after = i + 1 < tokens.Count ? tokens[i + 1] : ".";
                var stem = Concepts.Stem(tokens[i]);
                if (NounPhrases.OpensAPhrase(before) || NounAfter.Contains(after))
                {
                    grammar._nounUses[stem] = grammar._nounUses.GetValueOrDefault(stem) + 1;
                }

                if (VerbBefore.Contains(before) || VerbAfter.Contains(after))
                {
                    grammar._verbUses[stem] = grammar._verbUses.GetValueOrDefault(stem) + 1;
                }
            }
        }

        return grammar;
    }

    /// <summary>Whether <paramref name="word"/> can end a noun phrase: the text uses it as a noun, and more often than as a verb.</summary>
    public bool CanHead(string word)
    {
        var stem = Concepts.Stem(word);
        var noun = _nounUses.GetValueOrDefault(stem);
        return noun > 0 && noun > _verbUses.GetValueOrDefault(stem);
    }

    /// <summary>
    /// The noun phrase in <paramref name="words"/> (a run of content words): up to the first word after
    /// the first that the text uses more as a verb than as a noun ("founders [raise] money"), then cut
    /// back to its last word that can head a noun phrase; empty when none can.
    /// </summary>
    public List<string> Headed(List<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        if (words.Count == 0)
        {
            return [];
        }

        var end = 1;
        while (end < words.Count && !IsVerb(words[end]))
        {
            end++;
        }

        while (end > 0 && (words[end - 1] == "of" || !CanHead(words[end - 1])))
        {
            end--;
        }

        return words[..end];
    }

    private bool IsVerb(string word)
    {
        var stem = Concepts.Stem(word);
        return _verbUses.GetValueOrDefault(stem) > _nounUses.GetValueOrDefault(stem);
    }
}
