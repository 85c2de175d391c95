using Fathom.Text;

namespace Fathom.Models.Extractive;

/// <summary>
/// The units of meaning the extractive model counts: stemmed content words and adjacent word
/// pairs. Pairs keep phrases ("side effects", "business model") apart from their parts, which is
/// what lets coverage tell two different facts about the same words apart.
/// </summary>
public static class Concepts
{
    /// <summary>The concepts of <paramref name="text"/>: stemmed content words and stemmed word pairs (unless both are stop words).</summary>
    public static HashSet<string> Of(string text)
    {
        var stems = Words.Tokens(text).Select(w => (Word: w, Stem: Stem(w))).ToList();
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (word, stem) in stems)
        {
            if (!Words.IsStopWord(word) && stem.Length > 1)
            {
                set.Add(stem);
            }
        }

        for (var i = 1; i < stems.Count; i++)
        {
            if (!(Words.IsStopWord(stems[i - 1].Word) && Words.IsStopWord(stems[i].Word)))
            {
                set.Add(stems[i - 1].Stem + " " + stems[i].Stem);
            }
        }

        return set;
    }

    /// <summary>The stemmed content words of <paramref name="text"/> (no pairs).</summary>
    public static HashSet<string> ContentStems(string text) =>
        Words.Tokens(text).Where(w => !Words.IsStopWord(w)).Select(Stem).Where(s => s.Length > 1).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// A light suffix stripper: enough to make "startups"/"startup" and "failed"/"fails"/"failing"
    /// one concept, cautious enough (stems keep four letters) not to merge unrelated words. It
    /// does not restore a final "e" ("vaccines" and "vaccine" stay apart); the pairs and the
    /// counting across sources make up for most such misses.
    /// </summary>
    public static string Stem(string word)
    {
        foreach (var suffix in Suffixes)
        {
            if (word.Length > suffix.Length + 3 && word.EndsWith(suffix, StringComparison.Ordinal))
            {
                return word[..^suffix.Length];
            }
        }

        return word;
    }

    private static readonly string[] Suffixes = ["ing", "ies", "es", "s", "ed"];
}
