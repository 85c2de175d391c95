using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fathom.Reading.Extraction;

namespace Fathom.Benchmarks;

/// <summary>
/// How much the page extractor leans on Latin punctuation: every page of the multi-type set with the
/// punctuation of its text (never of its markup, scripts, styles or character references) written
/// as another script writes it, extracted, for <c>eval_pages.py</c> against the unchanged gold texts
/// (which score words, so the gold needs no rewriting). The pages are English; the probe asks whether
/// a Hindi, Urdu, Chinese or Amharic page's sentences still read as sentences.
/// </summary>
internal static partial class PunctuationProbe
{
    private static readonly Dictionary<string, Dictionary<char, char>> Scripts = new(StringComparer.Ordinal)
    {
        ["latin"] = [],
        // Hindi, Marathi, Nepali: the danda for the full stop; commas and question marks as in English.
        ["devanagari"] = new() { ['.'] = '।' },
        // Urdu: its own full stop, comma, semicolon and question mark.
        ["urdu"] = new() { ['.'] = '۔', [','] = '،', [';'] = '؛', ['?'] = '؟' },
        // Chinese and Japanese: full-width marks throughout.
        ["chinese"] = new() { ['.'] = '。', [','] = '，', [';'] = '；', [':'] = '：', ['?'] = '？', ['!'] = '！', ['('] = '（', [')'] = '）' },
        // Amharic: the Ethiopic full stop and comma.
        ["ethiopic"] = new() { ['.'] = '።', [','] = '፣' },
        // Armenian: its full stop.
        ["armenian"] = new() { ['.'] = '։' },
    };

    public static int Run(string output, string script, int? perType)
    {
        if (!Scripts.TryGetValue(script, out var map))
        {
            Console.Error.WriteLine($"unknown script '{script}': pass one of {string.Join(", ", Scripts.Keys)}");
            return 2;
        }

        var extractor = new PageExtractor();
        var predictions = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var page in MultiTypePage.Read(MultiTypePage.LocateDataDirectory(), perType))
        {
            predictions[page.Id] = extractor.Extract(Rewrite(page.Html, map), page.Url).Text;
        }

        File.WriteAllText(output, JsonSerializer.Serialize(predictions));
        Console.WriteLine($"{predictions.Count} pages, punctuation written as {script}, extracted to {output}");
        return 0;
    }

    /// <summary><paramref name="html"/> with the punctuation of its text mapped by <paramref name="map"/>.</summary>
    internal static string Rewrite(string html, Dictionary<char, char> map)
    {
        if (map.Count == 0)
        {
            return html;
        }

        var result = new StringBuilder(html.Length);
        var at = 0;
        foreach (var kept in Untouched().EnumerateMatches(html))
        {
            AppendMapped(result, html.AsSpan(at, kept.Index - at), map);
            result.Append(html.AsSpan(kept.Index, kept.Length));
            at = kept.Index + kept.Length;
        }

        AppendMapped(result, html.AsSpan(at), map);
        return result.ToString();
    }

    private static void AppendMapped(StringBuilder result, ReadOnlySpan<char> text, Dictionary<char, char> map)
    {
        foreach (var c in text)
        {
            result.Append(map.TryGetValue(c, out var mapped) ? mapped : c);
        }
    }

    // Scripts, styles, comments, tags with their attributes, and character references stay as written.
    [GeneratedRegex(@"<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->|<[^>]*>|&#?\w+;", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Untouched();
}
