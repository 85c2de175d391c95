namespace Fathom.Reading.Extraction;

/// <summary>
/// Where two inline elements meet with no space between them (<c>&lt;span&gt;HOKA&lt;/span&gt;&lt;span&gt;Clifton 10&lt;/span&gt;</c>,
/// a label's cell beside its value's), pages rely on styles to set the words apart: a browser shows
/// them as separate words or lines. Text read without styles gets a space there, between two letters
/// or digits of scripts that separate words with spaces; Chinese, Japanese and Thai are left joined.
/// </summary>
internal static class ElementEdges
{
    /// <summary>Whether <paramref name="before"/> and <paramref name="after"/>, met at an element edge, are two words.</summary>
    public static bool ApartAt(char before, char after) => IsSpacedWordChar(before) && IsSpacedWordChar(after);

    private static bool IsSpacedWordChar(char c) =>
        char.IsLetterOrDigit(c) && (c < '\u0E00' || c is >= '\u1E00' and < '\u2E80' || c is >= '\uAC00' and <= '\uD7AF');
}
