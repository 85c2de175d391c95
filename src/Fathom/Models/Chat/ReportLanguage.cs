namespace Fathom.Models.Chat;

/// <summary>Names the language a question is written in, by its script, so the report can be written in it.</summary>
public static class ReportLanguage
{
    /// <summary>
    /// The language to name in the writer's instructions: <paramref name="requested"/> when the user
    /// asked for one, else the language the script of <paramref name="question"/> shows, else a
    /// description the model resolves itself.
    /// </summary>
    public static string For(string question, string? requested = null)
    {
        if (!string.IsNullOrWhiteSpace(requested))
        {
            return requested.Trim();
        }

        return Detect(question) ?? "the language the question is written in";
    }

    /// <summary>The language a script identifies, or null for Latin-script text (many languages share it).</summary>
    public static string? Detect(string text)
    {
        int han = 0, kana = 0, hangul = 0, cyrillic = 0, arabic = 0, greek = 0, hebrew = 0, thai = 0, devanagari = 0, letters = 0;
        foreach (var c in text)
        {
            if (!char.IsLetter(c))
            {
                continue;
            }

            letters++;
            switch (c)
            {
                case >= '\u4E00' and <= '\u9FFF': han++; break;
                case >= '\u3040' and <= '\u30FF': kana++; break;
                case >= '\uAC00' and <= '\uD7AF': hangul++; break;
                case >= '\u0400' and <= '\u04FF': cyrillic++; break;
                case >= '\u0600' and <= '\u06FF': arabic++; break;
                case >= '\u0370' and <= '\u03FF': greek++; break;
                case >= '\u0590' and <= '\u05FF': hebrew++; break;
                case >= '\u0E00' and <= '\u0E7F': thai++; break;
                case >= '\u0900' and <= '\u097F': devanagari++; break;
            }
        }

        if (letters == 0)
        {
            return null;
        }

        // Kana marks Japanese even among many kanji; Han alone is Chinese.
        (string Name, int Count)[] scripts =
        [
            ("Japanese", kana > 0 ? kana + han : 0), ("Chinese", kana > 0 ? 0 : han), ("Korean", hangul), ("Russian", cyrillic),
            ("Arabic", arabic), ("Greek", greek), ("Hebrew", hebrew), ("Thai", thai), ("Hindi", devanagari),
        ];
        var best = scripts.MaxBy(s => s.Count);
        return best.Count * 3 >= letters ? best.Name : null;
    }
}
