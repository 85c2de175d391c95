using System.Text.RegularExpressions;

namespace Fathom.Models.Chat;

/// <summary>
/// Removes the reasoning that "thinking" models write inline before their answer, so that it never
/// reaches a JSON parser or a report.
/// </summary>
public static partial class ThinkTags
{
    [GeneratedRegex(@"<(think|thinking|reasoning)>.*?</\1>", RegexOptions.Singleline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Closed();

    [GeneratedRegex(@"^\s*<(think|thinking|reasoning)>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UnclosedStart();

    [GeneratedRegex(@"</(think|thinking|reasoning)>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StrayEnd();

    /// <summary>The answer without its thinking blocks, trimmed.</summary>
    public static string Strip(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var result = Closed().Replace(text, "");

        // Some servers drop the opening tag and send only "…reasoning</think>answer".
        var end = StrayEnd().Matches(result);
        if (end.Count > 0)
        {
            var last = end[^1];
            result = result[(last.Index + last.Length)..];
        }

        // A block that was opened and never closed is thinking that ran out of tokens: no answer.
        return UnclosedStart().IsMatch(result) ? "" : result.Trim();
    }
}
