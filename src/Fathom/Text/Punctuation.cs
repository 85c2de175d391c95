using System.Runtime.CompilerServices;

namespace Fathom.Text;

/// <summary>
/// The punctuation that ends a sentence, separates a clause or closes a quotation, in the scripts
/// pages are written in, not only Latin: prose is told from a menu or a label by its sentences and
/// clauses, and a Hindi, Arabic, Urdu, Armenian, Amharic, Burmese or Khmer paragraph that only a full
/// stop could end reads as one long label. The sets follow Unicode's Sentence_Terminal property and
/// the comma-like marks of the same scripts (.NET exposes neither).
/// </summary>
internal static class Punctuation
{
    /// <summary>Whether <paramref name="c"/> ends a sentence: a full stop, question or exclamation mark of any script.</summary>
    public static bool EndsSentence(char c) => c switch
    {
        '.' or '!' or '?' => true,
        '。' or '！' or '？' or '．' or '｡' => true, // Chinese and Japanese, full- and half-width
        '।' or '॥' => true, // Devanagari and Bengali dandas (Hindi, Marathi, Nepali, Bengali)
        '؟' or '۔' => true, // Arabic question mark, Urdu full stop
        '։' => true, // Armenian full stop
        '።' or '፧' => true, // Ethiopic full stop and question mark (Amharic, Tigrinya)
        '။' => true, // Myanmar full stop
        '។' => true, // Khmer full stop
        '།' => true, // Tibetan shad
        _ => false,
    };

    /// <summary>Whether <paramref name="c"/> separates clauses: a comma or a semicolon or colon of any script.</summary>
    public static bool SeparatesClauses(char c) => IsComma(c) || c is ';' or ':' or '；' or '：' or '؛';

    /// <summary>Whether <paramref name="c"/> is a comma of any script.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsComma(char c) => c == ',' || (c >= '\u060C' && c is '，' or '、' or '､' or '،' or '፣' or '၊' or '﹐');

    /// <summary>
    /// Whether <paramref name="c"/> closes a quotation or an aside that a sentence may end inside. Not a
    /// closing single quote or a guillemet: in English they end a word ("the ‘best’") or point to a link ("More »").
    /// </summary>
    public static bool ClosesQuotation(char c) => c is '"' or '”' or ')' or '」' or '』' or '）';
}
