using System.Text;
using Fathom.Text;

namespace Fathom.Search.Local;

/// <summary>
/// The text as the full-text index reads it. SQLite's word tokenizer takes a run of letters for one
/// word, and Chinese and Japanese write a whole clause as one such run: indexed as it is, "把茶叶运到欧洲"
/// is a single word that no question repeats (and Korean's 서울에서, "in Seoul", is not 서울). So the
/// index reads a copy with an invisible separator beside each character read in pairs
/// (<see cref="WordPieces.IsPaired"/>), one token a character, and a query asks for each pair as a
/// phrase of two tokens (see <see cref="Phrase"/>), which finds exactly the places the two stand side
/// by side. Text without such characters is indexed as it is.
/// </summary>
internal static class IndexTerms
{
    // A zero-width space: a separator to the tokenizer, nothing to a reader, and removed from the snippets the index returns.
    private const char Separator = '\u200B';

    /// <summary>The copy of <paramref name="text"/> the index reads, or null when it reads the text itself.</summary>
    public static string? Of(string text)
    {
        if (!WordPieces.HasPaired(text))
        {
            return null;
        }

        var builder = new StringBuilder(text.Length * 2);
        for (var i = 0; i < text.Length; i++)
        {
            if (i > 0 && (WordPieces.IsPaired(text[i]) || WordPieces.IsPaired(text[i - 1])))
            {
                builder.Append(Separator);
            }

            builder.Append(text[i]);
        }

        return builder.ToString();
    }

    /// <summary>
    /// <paramref name="token"/> (a token of <see cref="Words.Tokens"/>) as an FTS5 string: a pair of
    /// characters read in pairs as the phrase of its two characters, any other token quoted as it is
    /// so that no word is read as an operator.
    /// </summary>
    public static string Phrase(string token) =>
        token.Length == 2 && WordPieces.IsPaired(token[0]) && WordPieces.IsPaired(token[1])
            ? $"\"{token[0]} {token[1]}\""
            : "\"" + token.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>A snippet of the indexed copy as the reader's text has it.</summary>
    public static string Shown(string snippet) => snippet.Replace(Separator.ToString(), string.Empty, StringComparison.Ordinal);
}
