namespace Fathom.Reading.Extraction;

/// <summary>
/// Guesses the language of text when the page does not declare one: by script for scripts that name a
/// language, else by which language's commonest words it uses most.
/// </summary>
internal static class LanguageGuesser
{
    private static readonly (string Language, HashSet<string> Words)[] Profiles =
    [
        ("en", Set("the of and to in is that for it with as was on are be this by not")),
        ("de", Set("der die und in den von zu das mit sich des auf für ist im dem nicht ein eine")),
        ("fr", Set("le la les de des et un une du est en que qui dans pour pas sur au avec")),
        ("es", Set("el la de que y en los del se las por un para con una su al lo es")),
        ("it", Set("il di che e la per un in del non una sono della le con si gli da")),
        ("pt", Set("de que o a do da em um para com não uma os no se na por mais as dos")),
        ("nl", Set("de het een en van in is dat op te zijn met voor niet die aan er")),
    ];

    /// <summary>A two-letter language code, or null when the text is too short to tell.</summary>
    public static string? Guess(string text)
    {
        if (text.Length < 40)
        {
            return null;
        }

        var byScript = ByScript(text);
        if (byScript is not null)
        {
            return byScript;
        }

        var tokens = Fathom.Text.Words.Tokens(text.Length > 4000 ? text[..4000] : text);
        var best = Profiles.Select(p => (p.Language, Hits: tokens.Count(p.Words.Contains))).MaxBy(x => x.Hits);
        return best.Hits >= 3 ? best.Language : null;
    }

    private static string? ByScript(string text)
    {
        int letters = 0, han = 0, kana = 0, hangul = 0, cyrillic = 0, arabic = 0, greek = 0, hebrew = 0, thai = 0, devanagari = 0;
        foreach (var c in text.Length > 4000 ? text.AsSpan(0, 4000) : text.AsSpan())
        {
            if (!char.IsLetter(c))
            {
                continue;
            }

            letters++;
            switch (c)
            {
                case >= '\u4e00' and <= '\u9fff': han++; break;
                case >= '\u3040' and <= '\u30ff': kana++; break;
                case >= '\uac00' and <= '\ud7af': hangul++; break;
                case >= '\u0400' and <= '\u04ff': cyrillic++; break;
                case >= '\u0600' and <= '\u06ff': arabic++; break;
                case >= '\u0370' and <= '\u03ff': greek++; break;
                case >= '\u0590' and <= '\u05ff': hebrew++; break;
                case >= '\u0e00' and <= '\u0e7f': thai++; break;
                case >= '\u0900' and <= '\u097f': devanagari++; break;
            }
        }

        if (letters == 0)
        {
            return null;
        }

        var half = letters / 2;
        return kana > letters / 10 ? "ja"
            : han > half ? "zh"
            : hangul > half ? "ko"
            : cyrillic > half ? "ru"
            : arabic > half ? "ar"
            : greek > half ? "el"
            : hebrew > half ? "he"
            : thai > half ? "th"
            : devanagari > half ? "hi"
            : null;
    }

    private static HashSet<string> Set(string words) => new(words.Split(' '), StringComparer.Ordinal);
}
