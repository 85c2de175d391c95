using System.Text.RegularExpressions;
using Fathom.Text;

namespace Fathom.Models.Extractive;

/// <summary>Turns a page's text into candidate sentences: verbatim, with offsets, without the lines no report should quote.</summary>
public sealed partial class CandidateReader(ExtractiveOptions options)
{
    // "[12]" in a source is a footnote of that page; quoted in a report it would read as a citation of another source.
    [GeneratedRegex(@"\[\s*\d", RegexOptions.CultureInvariant)]
    private static partial Regex BracketedNumber();

    /// <summary>The quotable sentences of <paramref name="text"/>, cited as <paramref name="source"/>, once each.</summary>
    public List<Candidate> Read(int source, string text, IReadOnlySet<string> questionStems)
    {
        var list = new List<Candidate>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sentence in Sentences.Split(text))
        {
            if (Quotable(sentence.Text) && seen.Add(Key(sentence.Text)))
            {
                list.Add(Make(source, sentence.Start, sentence.Text, questionStems));
            }
        }

        return list;
    }

    /// <summary>A candidate for a sentence already known to be quotable (a finding read earlier).</summary>
    public Candidate Make(int source, int position, string sentence, IReadOnlySet<string> questionStems) =>
        new(source, position, sentence, Concepts.Of(sentence), SentencePrior.Of(sentence, questionStems, options), SentencePrior.Cost(sentence));

    /// <summary>The form two sentences share when they say the same words (case, spacing and punctuation aside).</summary>
    public static string Key(string sentence) => string.Join(' ', Words.Tokens(sentence));

    /// <summary>Whether a sentence is worth quoting at all: long enough to state something, short enough to be one sentence, safe in Markdown (not a heading, quote or table row).</summary>
    public bool Quotable(string sentence)
    {
        var words = Words.Tokens(sentence).Count;
        return words >= options.MinSentenceWords
            && words <= options.MaxSentenceWords
            && !BracketedNumber().IsMatch(sentence)
            && !sentence.StartsWith('#')
            && !sentence.StartsWith('>')
            && !sentence.StartsWith('|')
            && !sentence.Contains("[[", StringComparison.Ordinal);
    }
}
