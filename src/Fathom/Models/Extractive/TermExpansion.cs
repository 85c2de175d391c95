using Fathom.Text;

namespace Fathom.Models.Extractive;

/// <summary>A term found by pseudo-relevance feedback: its stemmed key, how it is written, its score.</summary>
public sealed record ExpansionTerm(string Key, string Surface, double Score);

/// <summary>
/// Pseudo-relevance feedback: the pages already found are taken as relevant, and the terms that
/// many of them use while few of their sentences do (spread across sources, specific within them)
/// become the next queries and the report's aspects.
/// </summary>
public static class TermExpansion
{
    /// <summary>
    /// Ranks terms of <paramref name="sentences"/> (source number and text) that are not already in
    /// <paramref name="questionStems"/>. With <paramref name="pairs"/>, two-word phrases compete
    /// too (a phrase names an aspect better than a word).
    /// </summary>
    public static List<ExpansionTerm> Rank(IReadOnlyList<(int Source, string Text)> sentences, IReadOnlySet<string> questionStems, bool pairs) =>
        Rank(sentences, questionStems, text => Terms(text, pairs));

    /// <summary>
    /// Ranks the noun phrases of <paramref name="sentences"/> (see <see cref="NounPhrases"/>) the same
    /// way: the phrases several sources use and few of their sentences repeat, which name the aspects
    /// of a question as a person would head them. Each phrase ends in a word the sentences use as a
    /// noun (<see cref="PhraseGrammar"/>), so no heading ends in a verb.
    /// </summary>
    public static List<ExpansionTerm> RankPhrases(IReadOnlyList<(int Source, string Text)> sentences, IReadOnlySet<string> questionStems)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        var grammar = PhraseGrammar.Of(sentences.Select(s => s.Text));
        return Rank(sentences, questionStems, text => NounPhrases.Of(text, grammar));
    }

    private static List<ExpansionTerm> Rank(IReadOnlyList<(int Source, string Text)> sentences, IReadOnlySet<string> questionStems, Func<string, IEnumerable<(string Key, string Surface)>> terms)
    {
        var sourcesOf = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        var sentenceCount = new Dictionary<string, int>(StringComparer.Ordinal);
        var surfaces = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var (source, text) in sentences)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (key, surface) in terms(text))
            {
                if (key.Split(' ').All(questionStems.Contains))
                {
                    continue;
                }

                (sourcesOf.TryGetValue(key, out var set) ? set : sourcesOf[key] = []).Add(source);
                if (seen.Add(key))
                {
                    sentenceCount[key] = sentenceCount.GetValueOrDefault(key) + 1;
                }

                var forms = surfaces.TryGetValue(key, out var f) ? f : surfaces[key] = new(StringComparer.Ordinal);
                forms[surface] = forms.GetValueOrDefault(surface) + 1;
            }
        }

        var total = Math.Max(1, sentences.Count);
        return sourcesOf
            .Where(p => p.Value.Count >= 2)
            .Select(p =>
            {
                var specificity = Math.Log(1.0 + (double)total / sentenceCount[p.Key]);
                var phrase = p.Key.Contains(' ', StringComparison.Ordinal) ? 1.5 : 1.0;
                var surface = surfaces[p.Key].OrderByDescending(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal).First().Key;
                return new ExpansionTerm(p.Key, surface, p.Value.Count * specificity * phrase);
            })
            .OrderByDescending(t => t.Score)
            .ThenBy(t => t.Key, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The words of <paramref name="text"/> (and adjacent pairs of them, with <paramref name="pairs"/>) that can be searched.</summary>
    private static IEnumerable<(string Key, string Surface)> Terms(string text, bool pairs)
    {
        var tokens = Words.Tokens(text);
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!Usable(tokens[i]))
            {
                continue;
            }

            yield return (Concepts.Stem(tokens[i]), tokens[i]);
            if (pairs && i + 1 < tokens.Count && Usable(tokens[i + 1]))
            {
                yield return (Concepts.Stem(tokens[i]) + " " + Concepts.Stem(tokens[i + 1]), tokens[i] + " " + tokens[i + 1]);
            }
        }
    }

    // Numbers and two-letter fragments make poor queries and poor headings.
    private static bool Usable(string word) => word.Length > 2 && !Words.IsStopWord(word) && !word.All(char.IsDigit);
}
