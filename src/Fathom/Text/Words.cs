using System.Text.RegularExpressions;

namespace Fathom.Text;

/// <summary>
/// Word tokens as every lexical part of Fathom counts them: runs of letters and digits, lower-cased;
/// in Chinese and Japanese, which put no spaces between words, and in Korean, which writes a word and
/// its particles as one, each two characters that stand side by side (see <see cref="Tokens"/>).
/// </summary>
public static partial class Words
{
    private static readonly HashSet<string> StopWords = new(
        """
        a an and are as at be but by for from has have he her his i in into is it its of on or our
        so that the their them then there these they this to was we were what when which who will with you your
        not no can may might also more most than such been being do does did about over under after before
        between both each other some any all one two would could should shall if how why where while
        us my me she him those am very just only
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> StopWordSpans = StopWords.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>A word token: a run of word characters (read as matches, not as strings, where only counts are kept).</summary>
    [GeneratedRegex(@"\w+", RegexOptions.CultureInvariant)]
    internal static partial Regex WordPattern();

    /// <summary>All word tokens of <paramref name="text"/>, lower-cased.</summary>
    /// <remarks>
    /// A run of Chinese or Japanese characters is read as the overlapping pairs of its characters
    /// (茶叶运到 → 茶叶, 叶运, 运到), as search engines index these scripts without a dictionary: most
    /// words are two characters long, so the pairs hold every such word, and a question shares its
    /// words' pairs with the sentences that answer it. Read as one token, the run would be a
    /// "word" no other sentence repeats. Korean syllables are read the same way, so that 서울에서 ("in
    /// Seoul") holds 서울. A lone character is its own token; letters of another script beside the run
    /// are a token of their own (<c>iPhone发布会</c> → iphone, 发布, 布会).
    /// </remarks>
    public static List<string> Tokens(string? text)
    {
        var list = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return list;
        }

        // Matches as positions, each lower-cased straight into its string: no match objects, one string a word.
        foreach (var m in WordPattern().EnumerateMatches(text))
        {
            foreach (var piece in new WordPieces(text.AsSpan(m.Index, m.Length)))
            {
                list.Add(Lower(piece));
            }
        }

        return list;
    }

    /// <summary>Word tokens without stop words.</summary>
    public static List<string> ContentTokens(string? text) => Tokens(text).Where(w => !IsStopWord(w)).ToList();

    /// <summary>Whether <paramref name="word"/> (lower-case) carries little meaning on its own.</summary>
    public static bool IsStopWord(string word) => StopWords.Contains(word);

    /// <summary>Whether <paramref name="word"/> (lower-case) carries little meaning on its own.</summary>
    public static bool IsStopWord(ReadOnlySpan<char> word) => StopWordSpans.Contains(word);

    /// <summary><paramref name="word"/> lower-cased as <see cref="string.ToLowerInvariant()"/> does it.</summary>
    private static string Lower(ReadOnlySpan<char> word) =>
        string.Create(word.Length, word, static (destination, source) => source.ToLowerInvariant(destination));

    /// <summary>
    /// Number of words: those separated by white space, and in runs of a script written without
    /// spaces the words its characters make (see <see cref="WordEstimate"/>), so that a word budget
    /// holds a Chinese report as it holds an English one.
    /// </summary>
    public static int Count(string? text) =>
        string.IsNullOrWhiteSpace(text) ? 0 : WordEstimate.Of(NormalizeSpace(text));

    /// <summary>Collapses every run of whitespace to one space and trims.</summary>
    public static string NormalizeSpace(string text) => WhitespacePattern().Replace(text, " ").Trim();

    /// <summary>
    /// The text with its white space normalised, cut after <paramref name="maxWords"/> words or
    /// <paramref name="maxCharacters"/> characters with an ellipsis: how a question is shown or searched
    /// for, so that a very long question is not repeated whole in every plan, query and heading.
    /// </summary>
    public static string Headline(string text, int maxWords = 64, int maxCharacters = 512)
    {
        var head = text.Length > maxCharacters * 4 ? text[..(maxCharacters * 4)] : text;
        var normal = NormalizeSpace(head);
        var words = normal.Split(' ');
        var cut = words.Length > maxWords ? string.Join(' ', words.Take(maxWords)) : normal;
        if (cut.Length > maxCharacters)
        {
            cut = cut[..maxCharacters];
            cut = cut.LastIndexOf(' ') is > 0 and var space ? cut[..space] : cut;
        }

        if (cut.Length > 0 && char.IsHighSurrogate(cut[^1]))
        {
            cut = cut[..^1]; // never half a character
        }

        var whole = cut.Length == normal.Length && (head.Length == text.Length || text.AsSpan(head.Length).IsWhiteSpace());
        return whole ? cut : cut + " …";
    }

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex WhitespacePattern();

    /// <summary>Share of <paramref name="needle"/>'s tokens (as a multiset) that occur in <paramref name="haystack"/>.</summary>
    public static double Recall(IReadOnlyList<string> needle, IReadOnlyList<string> haystack)
    {
        if (needle.Count == 0)
        {
            return 0;
        }

        var have = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var w in haystack)
        {
            have[w] = have.GetValueOrDefault(w) + 1;
        }

        var hit = 0;
        foreach (var w in needle)
        {
            if (have.TryGetValue(w, out var n) && n > 0)
            {
                have[w] = n - 1;
                hit++;
            }
        }

        return (double)hit / needle.Count;
    }
}
