using System.Text.RegularExpressions;

namespace Fathom.Text;

/// <summary>A sentence of a text and where it starts, so that quotes taken from it stay verbatim.</summary>
public readonly record struct SentenceSpan(int Start, string Text);

/// <summary>
/// Splits text into sentences at terminal punctuation followed by space, and at line breaks. Not a
/// boundary: an abbreviation ("U.S.", "Dr."), an initial ("J. K."), a decimal point, or punctuation
/// followed by a lower-case word ("'Stop!' he said"). A boundary: a footnote number glued to the full
/// stop (".(9) The", ".[9] The"). Chinese and Japanese end a sentence with a full-width mark
/// (。！？) and start the next with no space between them: there the mark, with any closing quote or
/// bracket after it, is the boundary by itself.
/// </summary>
public static partial class Sentences
{
    // A boundary is end punctuation (optionally closed by a quote or bracket, or followed by a
    // footnote number) followed by whitespace, a line break, or a full-width end mark with the
    // closing marks after it (white space after it optional, and taken with it).
    [GeneratedRegex(@"(?<=[.!?][""'”’)\]]?)\s+|(?<=[.!?](?:\(\d{1,3}\)|\[\d{1,3}\]))\s+|\n+|(?<=[。！？][”’」』）》〉]*)(?![。！？”’」』）》〉])\s*(?=\S)", RegexOptions.CultureInvariant)]
    private static partial Regex Boundary();

    // In a report, a citation marker after the full stop ("… grew. [[2]]") belongs to the sentence before it;
    // after a full-width end mark the next sentence may follow with no space ("…欧洲[[2]]。咖啡…").
    [GeneratedRegex(@"(?<=[.!?。！？][""'”’」』]?(?:\s*\[\[[\d,\s]+\]\])?)\s+(?!\s|\[\[)|(?<=[。！？][”’」』）]*(?:\s*\[\[[\d,\s]+\]\])?)(?![。！？”’」』）]|\s*\[\[)(?=\S)", RegexOptions.CultureInvariant)]
    private static partial Regex CitedBoundary();

    /// <summary>Characters that close a sentence: a citation goes before the run of them that ends it.</summary>
    public const string Closers = ".!?\"'”’。！？」』";

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
            if (!m.Value.Contains('\n') && (EndsWithAbbreviation(text, m.Index) || StartsLowerCase(text, m.Index + m.Length)))
            {
                continue;
            }

            Add(result, text, start, m.Index);
            start = m.Index + m.Length;
        }

        Add(result, text, start, text.Length);
        return result;
    }

    /// <summary>
    /// The sentences of one line of a report, each with the citation markers that follow it; the
    /// same rules as <see cref="Split"/>, so "the U.S. [[2]]" is not cut at "U.S.".
    /// </summary>
    public static List<string> SplitCited(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var parts = new List<string>();
        var start = 0;
        foreach (Match m in CitedBoundary().Matches(line))
        {
            if (EndsWithAbbreviation(line, m.Index) || StartsLowerCase(line, m.Index + m.Length))
            {
                continue;
            }

            parts.Add(line[start..m.Index]);
            start = m.Index + m.Length;
        }

        parts.Add(line[start..]);
        return parts.Where(p => p.Length > 0).ToList();
    }

    /// <summary>
    /// Where a citation marker goes in <paramref name="sentence"/>: before the run of closing
    /// punctuation and quotation marks that ends it ("… rose [[2]].", "… said “no [[2]].”").
    /// </summary>
    public static int CitationPoint(string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        var end = sentence.TrimEnd().Length;
        while (end > 0 && Closers.Contains(sentence[end - 1], StringComparison.Ordinal))
        {
            end--;
        }

        return end;
    }

    /// <summary>
    /// <paramref name="sentence"/> with <paramref name="marker"/> at its <see cref="CitationPoint"/>:
    /// after a space ("… rose [[2]]."), or straight after a Chinese or Japanese character, which
    /// takes no space before it ("…欧洲[[2]]。").
    /// </summary>
    public static string Cite(string sentence, string marker)
    {
        var end = CitationPoint(sentence);
        var head = sentence[..end].TrimEnd();
        var space = head.Length > 0 && WordEstimate.IsIdeographic(head[^1]) ? string.Empty : " ";
        return head + space + marker + sentence[end..];
    }

    /// <summary>Sentences written one after another in a paragraph: a space between two, none after a full-width end mark (。！？), as Chinese and Japanese are written.</summary>
    public static string Join(IEnumerable<string> sentences)
    {
        var text = new System.Text.StringBuilder();
        foreach (var sentence in sentences)
        {
            if (text.Length > 0 && !FullWidthEnd(text))
            {
                text.Append(' ');
            }

            text.Append(sentence);
        }

        return text.ToString();
    }

    // Whether the text ends with a full-width end mark, with any closing marks after it.
    private static bool FullWidthEnd(System.Text.StringBuilder text)
    {
        var i = text.Length - 1;
        while (i > 0 && "”’」』）".Contains(text[i], StringComparison.Ordinal))
        {
            i--;
        }

        return "。！？".Contains(text[i], StringComparison.Ordinal);
    }

    private static bool StartsLowerCase(string text, int index) => index < text.Length && char.IsLower(text[index]);

    private static bool EndsWithAbbreviation(string text, int end)
    {
        var wordStart = text.LastIndexOfAny([' ', '\n', '\t', '(', '"', '“'], Math.Max(0, end - 1)) + 1;
        var word = text[wordStart..end].TrimEnd('"', '\'', '”', '’');
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
