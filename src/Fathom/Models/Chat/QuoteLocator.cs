using System.Text;

namespace Fathom.Models.Chat;

/// <summary>
/// Finds a model's quote in the page it claims to quote. Models copy text with small slips (line
/// breaks as spaces, changed letter case, straightened quotation marks); the located quote is the
/// page's own text, so every stored quote is verbatim.
/// </summary>
public static class QuoteLocator
{
    /// <summary>Shortest quote worth keeping, in characters.</summary>
    public const int MinimumLength = 12;

    /// <summary>The page's exact text for <paramref name="quote"/> and where it starts, or null when the page does not contain it.</summary>
    public static (int Start, string Text)? Locate(string page, string? quote)
    {
        if (string.IsNullOrWhiteSpace(quote))
        {
            return null;
        }

        var trimmed = quote.Trim().Trim('"', '“', '”', '\'', '‘', '’', '«', '»').Trim();
        if (trimmed.Length < MinimumLength)
        {
            return null;
        }

        var exact = page.IndexOf(trimmed, StringComparison.Ordinal);
        if (exact >= 0)
        {
            return (exact, trimmed);
        }

        var found = Folded(page, trimmed);
        if (found is not null || !(trimmed.Contains("...", StringComparison.Ordinal) || trimmed.Contains('…', StringComparison.Ordinal)))
        {
            return found;
        }

        // A quote shortened with an ellipsis is not verbatim; its longest piece that is, is kept.
        return trimmed.Split(["...", "…"], StringSplitOptions.TrimEntries)
            .OrderByDescending(piece => piece.Length)
            .Where(piece => piece.Length >= MinimumLength)
            .Select(piece => Folded(page, piece))
            .FirstOrDefault(f => f is not null);
    }

    private static (int Start, string Text)? Folded(string page, string trimmed)
    {
        var (haystack, map) = Fold(page);
        var (needle, _) = Fold(trimmed);
        if (needle.Length < MinimumLength)
        {
            return null;
        }

        var at = haystack.IndexOf(needle, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var start = map[at];
        var end = map[at + needle.Length - 1] + 1;
        return (start, page[start..end]);
    }

    /// <summary>
    /// Lower-cases, maps typographic quotes and dashes to plain ones and collapses whitespace, and
    /// remembers for every folded character the offset of the original one.
    /// </summary>
    private static (string Folded, int[] Map) Fold(string text)
    {
        var folded = new StringBuilder(text.Length);
        var map = new List<int>(text.Length);
        var pendingSpace = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = folded.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                folded.Append(' ');
                map.Add(i);
                pendingSpace = false;
            }

            folded.Append(Plain(c));
            map.Add(i);
        }

        return (folded.ToString(), [.. map]);
    }

    private static char Plain(char c) => c switch
    {
        '“' or '”' or '„' or '«' or '»' => '"',
        '‘' or '’' or '‚' => '\'',
        '–' or '—' or '‐' or '‑' => '-',
        '\u00A0' => ' ',
        _ => char.ToLowerInvariant(c),
    };
}
