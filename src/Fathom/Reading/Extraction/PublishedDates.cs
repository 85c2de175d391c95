using System.Globalization;
using System.Text.RegularExpressions;

namespace Fathom.Reading.Extraction;

/// <summary>
/// Turns the publication dates pages write ("2019-11-19T10:48:00Z", "November 19, 2019, 07:47 PM EST",
/// "2024-03-05") into ISO 8601: a date alone stays a date, a moment keeps its offset.
/// </summary>
internal static partial class PublishedDates
{
    private static readonly Dictionary<string, string> ZoneOffsets = new(StringComparer.OrdinalIgnoreCase)
    {
        ["GMT"] = "+00:00",
        ["UTC"] = "+00:00",
        ["Z"] = "+00:00",
        ["BST"] = "+01:00",
        ["CET"] = "+01:00",
        ["CEST"] = "+02:00",
        ["EST"] = "-05:00",
        ["EDT"] = "-04:00",
        ["CST"] = "-06:00",
        ["CDT"] = "-05:00",
        ["MST"] = "-07:00",
        ["MDT"] = "-06:00",
        ["PST"] = "-08:00",
        ["PDT"] = "-07:00",
        ["IST"] = "+05:30",
        ["JST"] = "+09:00",
        ["AEST"] = "+10:00",
        ["AEDT"] = "+11:00",
    };

    /// <summary>The ISO 8601 form of <paramref name="raw"/>, or null when it is no plausible publication date.</summary>
    public static string? Normalize(string raw)
    {
        if (raw.Length is >= 8 and <= 10 && DateOnly.TryParse(raw, CultureInfo.InvariantCulture, out var day))
        {
            return Plausible(day.Year) ? day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
        }

        var text = YearComma().Replace(raw, "$1 ");
        text = Zone().Replace(text, m => " " + ZoneOffsets[m.Groups["zone"].Value]);
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal, out var moment))
        {
            return Plausible(moment.Year) ? moment.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture) : null;
        }

        return null;
    }

    /// <summary>Whether <paramref name="raw"/> is a content-management default rather than a date ("0001-01-01", "0000-00-00").</summary>
    public static bool IsPlaceholder(string raw) => raw.TrimStart().StartsWith("000", StringComparison.Ordinal);

    private static bool Plausible(int year) => year >= 1900 && year <= DateTime.UtcNow.Year + 1;

    [GeneratedRegex(@"\b(\d{4}),\s*")]
    private static partial Regex YearComma();

    [GeneratedRegex(@"\s+(?<zone>GMT|UTC|BST|CEST|CET|EST|EDT|CST|CDT|MST|MDT|PST|PDT|IST|JST|AEST|AEDT)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Zone();
}
