using System.Runtime.CompilerServices;

namespace Fathom.Text;

/// <summary>
/// How many words a collapsed text holds, in any script: words separated by spaces are counted by
/// their spaces, and runs of a script written without spaces between words are counted by their
/// characters. Chinese and Japanese average about 1.6 characters a word in running text, Thai, Lao,
/// Khmer and Myanmar (syllables with their marks) about four; counted by spaces alone, a paragraph of
/// such text is one word, and every measure learned on word counts (a block's length, its link and
/// punctuation rates, what a short label or a long story is) reads it as a label. For the same reason
/// a character of such a script is as wide as the letters of a spaced word's share of it
/// (<see cref="Width"/>): a Chinese paragraph of 100 characters says as much as an English one of about 400.
/// </summary>
internal static class WordEstimate
{
    /// <summary>The words of <paramref name="text"/> (white space already collapsed to single spaces and trimmed).</summary>
    /// <remarks>
    /// Each space-separated token is one word, as it always was, unless it holds runs of a script written
    /// without spaces: then it is their estimated words, and one more where letters or digits of another
    /// script stand beside them (<c>iPhone发布会</c>).
    /// </remarks>
    public static int Of(string text)
    {
        int words = 0, run = 0, inRuns = 0;
        var runScript = Script.Spaced;
        var other = false;
        foreach (var c in text)
        {
            var script = ScriptOf(c);
            if (script != runScript)
            {
                inRuns += Estimate(runScript, run);
                run = 0;
                runScript = script;
            }

            if (script != Script.Spaced)
            {
                run++;
            }
            else if (c == ' ')
            {
                words += Token(inRuns, other);
                inRuns = 0;
                other = false;
            }
            else
            {
                other |= char.IsLetterOrDigit(c);
            }
        }

        return words + Token(inRuns + Estimate(runScript, run), other);
    }

    private static int Token(int inRuns, bool other) => inRuns == 0 ? 1 : inRuns + (other ? 1 : 0);

    /// <summary>
    /// How many characters of spaced text <paramref name="c"/> stands for: a word of spaced text is
    /// about six characters with its space, so a character of a script written without spaces stands
    /// for six divided by its characters a word, rounded up (6 / 1.6 → 4 for Chinese and Japanese,
    /// 6 / 4 → 2 for Thai and its neighbours); every other character for itself.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Width(char c) => ScriptOf(c) switch
    {
        Script.Ideographic => 4,
        Script.Syllabic => 2,
        _ => 1,
    };

    /// <summary>The length of <paramref name="text"/> in characters of spaced text (the sum of each character's <see cref="Width"/>).</summary>
    public static int Length(string text)
    {
        var length = 0;
        foreach (var c in text)
        {
            length += Width(c);
        }

        return length;
    }

    /// <summary>Whether <paramref name="c"/> is a Chinese or Japanese character: a script written without spaces between its words, most of them two characters long.</summary>
    public static bool IsIdeographic(char c) => ScriptOf(c) == Script.Ideographic;

    // Words in a run of characters of one script: 1.6 characters a word for Chinese and Japanese, 4 for Thai and its neighbours, rounded.
    private static int Estimate(Script script, int characters) => characters == 0 ? 0 : script switch
    {
        Script.Ideographic => Math.Max(1, ((characters * 5) + 4) / 8),
        Script.Syllabic => Math.Max(1, (characters + 2) / 4),
        _ => 0,
    };

    // Read once a character in every measure of a page's text: inlined, the common case (any script
    // before Thai) is one comparison.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Script ScriptOf(char c) => c switch
    {
        < '\u0E00' => Script.Spaced,
        <= '\u0EFF' => Script.Syllabic, // Thai, Lao
        >= '\u1000' and <= '\u109F' => Script.Syllabic, // Myanmar
        >= '\u1780' and <= '\u17FF' => Script.Syllabic, // Khmer
        >= '\u3040' and <= '\u30FF' => Script.Ideographic, // Hiragana, Katakana
        >= '\u3400' and <= '\u4DBF' => Script.Ideographic, // CJK extension A
        >= '\u4E00' and <= '\u9FFF' => Script.Ideographic, // CJK unified ideographs
        >= '\uF900' and <= '\uFAFF' => Script.Ideographic, // CJK compatibility ideographs
        >= '\uFF66' and <= '\uFF9F' => Script.Ideographic, // half-width Katakana
        _ => Script.Spaced,
    };

    private enum Script
    {
        Spaced,
        Ideographic,
        Syllabic,
    }
}
