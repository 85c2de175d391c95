using System.Text.RegularExpressions;

namespace Fathom.Reading.Documents;

/// <summary>Plain text files as prose: hard-wrapped lines of a paragraph joined into one line.</summary>
public static partial class PlainText
{
    // A single line break between two non-blank lines is a wrap, unless the next line starts a list item.
    [GeneratedRegex(@"(?<=\S)[ \t]*\r?\n(?![ \t]*(?:\r?\n|[-*+•]\s|\d+[.)]\s))[ \t]*(?=\S)", RegexOptions.CultureInvariant)]
    private static partial Regex Wrap();

    /// <summary>Joins wrapped lines; paragraph breaks and list items stay on their own lines.</summary>
    public static string Unwrap(string text) => Wrap().Replace(text, " ");
}
