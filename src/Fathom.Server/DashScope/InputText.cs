using System.Globalization;
using System.Text;

namespace Fathom.Server.DashScope;

/// <summary>Measures the text of a request: estimated tokens, and whether anything visible is in it.</summary>
internal static class InputText
{
    /// <summary>About three characters a token for alphabetic text, one a token for ideographs (the engine's estimate).</summary>
    public static long Tokens(string text)
    {
        if (text.Length == 0)
        {
            return 0;
        }

        long wide = 0;
        foreach (var c in text)
        {
            if (c >= '\u2E80')
            {
                wide++;
            }
        }

        return wide + ((text.Length - wide + 2) / 3);
    }

    /// <summary>A count as people read it: 997,952.</summary>
    public static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>
    /// True when the text holds nothing a reader could see: only white space, control and format
    /// characters (zero-width spaces and joiners, the byte-order mark…) and the blank fillers
    /// that render as nothing.
    /// </summary>
    public static bool IsBlank(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            if (!IsInvisible(rune))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsInvisible(Rune rune)
    {
        if (Rune.IsWhiteSpace(rune))
        {
            return true;
        }

        switch (rune.Value)
        {
            case 0x115F or 0x1160 or 0x3164 or 0xFFA0: // Hangul fillers
            case 0x2800: // Braille blank
            case 0x034F: // combining grapheme joiner
                return true;
        }

        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.Surrogate;
    }
}
