using System.Text.RegularExpressions;

namespace Fathom.Text;

/// <summary>A sentence of a text and where it starts, so that quotes taken from it stay verbatim.</summary>
public readonly record struct SentenceSpan(int Start, string Text);

/// <summary>Splits text into sentences at terminal punctuation followed by space, and at line breaks.</summary>
public static partial class Sentences
{
    // A boundary is end punctuation (optionally closed by a quote or bracket) followed by whitespace,
    // or a line break. Common abbreviations are not boundaries.
    [GeneratedRegex(@"(?<=[.!?][""'”’)\]]?)\s+|\n+", RegexOptions.CultureInvariant)]
    private static partial Regex Boundary();

    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr.", "mrs.", "ms.", "dr.", "prof.", "sr.", "jr.", "st.", "vs.", "etc.", "e.g.", "i.e.", "u.s.", "u.k.", "inc.", "ltd.", "co.", "no.", "fig.", "al.", "approx.", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.", "nov.", "dec.",
    };

    /// <summary>The sentences of <paramref name="text"/>, trimmed, with their offsets.</summary>
    public static List<SentenceSpan> Split(string text)
    {
        var result = new List<SentenceSpan>();
        var start = 0;
        foreach (Match m in Boundary().Matches(text))
        {
            if (!m.Value.Contains('\n') && EndsWithAbbreviation(text, m.Index))
            {
                continue;
            }

            Add(result, text, start, m.Index);
            start = m.Index + m.Length;
        }

        Add(result, text, start, text.Length);
        return result;
    }

    private static bool EndsWithAbbreviation(string text, int end)
    {
        var wordStart = text.LastIndexOfAny([' ', '\n', '\t', '('], Math.Max(0, end - 1)) + 1;
        var word = text[wordStart..end];
        return Abbreviations.Contains(word) || (word.Length == 2 && char.IsUpper(word[0]) && word[1] == '.');
    }

    private static void Add(List<SentenceSpan> result, string text, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        if (end > start)
        {
            result.Add(new SentenceSpan(start, text[start..end]));
        }
    }
}
