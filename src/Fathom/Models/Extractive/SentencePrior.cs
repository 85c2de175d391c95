using Fathom.Text;

namespace Fathom.Models.Extractive;

/// <summary>
/// A sentence's prior worth, from surface signals that hold for any topic: does it speak of the
/// question at all, is it a finished sentence rather than a heading or a caption, does it state a figure.
/// </summary>
public static class SentencePrior
{
    /// <summary>The prior of <paramref name="sentence"/> for a question whose content stems are <paramref name="questionStems"/>.</summary>
    public static double Of(string sentence, IReadOnlySet<string> questionStems, ExtractiveOptions options)
    {
        var prior = 1.0;
        if (!Words.Tokens(sentence).Any(w => questionStems.Contains(Concepts.Stem(w))))
        {
            prior *= options.OffQuestionPrior;
        }

        var last = sentence.TrimEnd();
        if (last.Length == 0 || !".!?\"'”’)".Contains(last[^1], StringComparison.Ordinal))
        {
            prior *= options.UnfinishedPrior;
        }

        if (sentence.Any(char.IsAsciiDigit))
        {
            prior *= options.FigurePrior;
        }

        return prior;
    }

    /// <summary>
    /// What a sentence costs in the report: its words counted both ways the budget is counted
    /// (whitespace-separated and word tokens, which differ on "U.S." or "don't"), plus its citation.
    /// </summary>
    public static int Cost(string sentence) => Math.Max(Words.Count(sentence), Words.Tokens(sentence).Count) + 1;
}
