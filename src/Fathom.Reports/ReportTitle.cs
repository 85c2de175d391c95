using System.Text;

namespace Fathom.Reports;

/// <summary>Makes a report's title from the question: one line, capitalised, of a readable length.</summary>
public static class ReportTitle
{
    /// <summary>The longest title, in characters; longer questions are cut at a word.</summary>
    public const int MaxLength = 120;

    /// <summary>"why do startups fail?" becomes "Why do startups fail?".</summary>
    public static string FromQuestion(string question)
    {
        var line = string.Join(' ', question.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (line.Length == 0)
        {
            return "Research report";
        }

        if (line.Length > MaxLength)
        {
            var cut = line.LastIndexOf(' ', MaxLength);
            line = line[..(cut > MaxLength / 2 ? cut : MaxLength)].TrimEnd(',', ';', ':') + "…";
        }

        var title = new StringBuilder(line);
        var first = 0;
        while (first < title.Length && !char.IsLetterOrDigit(title[first]))
        {
            first++;
        }

        if (first < title.Length)
        {
            title[first] = char.ToUpperInvariant(title[first]);
        }

        // "why startups fail" is a question even without its mark.
        var text = title.ToString();
        var firstWord = text.Split(' ', 2)[0].ToLowerInvariant();
        return Interrogatives.Contains(firstWord) && char.IsLetterOrDigit(text[^1]) ? text + "?" : text;
    }

    private static readonly HashSet<string> Interrogatives = new(StringComparer.Ordinal)
    {
        "why", "what", "how", "when", "where", "which", "who", "whom", "whose", "is", "are", "was", "were", "do", "does", "did",
        "can", "could", "should", "would", "will", "has", "have", "had",
    };
}
