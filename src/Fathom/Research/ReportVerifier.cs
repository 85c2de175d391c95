using System.Text;
using System.Text.RegularExpressions;
using Fathom.Research.Support;
using Fathom.Sources;
using Fathom.Text;
using Microsoft.Extensions.AI;

namespace Fathom.Research;

/// <summary>
/// Checks a draft before it is released: every [[n]] must name a source that was read, and every
/// cited sentence must be supported by a quote of the sources it cites, as <see cref="QuoteSupport"/>
/// judges it (contained in the quote, or a close paraphrase when embeddings are at hand). A sentence
/// that another source supports is re-cited; one that nothing supports is dropped, and so is a
/// sentence said already. No marker that names no source survives, in text or headings. The
/// references list carries, for each cited source, the verbatim quotes the sentences rest on.
/// </summary>
public static partial class ReportVerifier
{
    [GeneratedRegex(@"\[\[(\d+(?:\s*,\s*\d+)*)\]\]", RegexOptions.CultureInvariant)]
    private static partial Regex Citation();

    // "[3]" or "[3, 4]" (not a link's text, not already doubled) is a citation written carelessly.
    [GeneratedRegex(@"(?<!\[)\[(\d+(?:\s*,\s*\d+)*)\](?![\](\[])", RegexOptions.CultureInvariant)]
    private static partial Regex SingleBracketCitation();

    [GeneratedRegex(@"^#{1,6}\s*(references|sources|bibliography)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReferencesHeading();

    // A marker followed by more text ends a claim even without a full stop before it ("… reaffirmed.” [[15]] While …").
    [GeneratedRegex(@"(?<=\]\])\s+(?=[^\s.!?,;:])", RegexOptions.CultureInvariant)]
    private static partial Regex AfterCitation();

    // "… a claim. [[3]]" cites the sentence before it: move the marker inside ("… a claim [[3]].").
    [GeneratedRegex(@"\s*([.!?。！？])\s*(\[\[[\d,\s]+\]\])", RegexOptions.CultureInvariant)]
    private static partial Regex TrailingCitation();

    /// <summary>
    /// Verifies <paramref name="markdown"/>, with paraphrases judged by <paramref name="embedder"/>'s
    /// sentence embeddings when one is given.
    /// </summary>
    /// <remarks>
    /// Only what the words cannot settle is embedded: a claim that a quote of each source it cites
    /// contains is supported by containment (an extractive report's every sentence), so it costs no
    /// model call; any other claim is embedded with the quotes of the sources it cites and the
    /// <see cref="ParaphraseCandidates"/> quotes that share most of its words, the ones a re-citation
    /// could rest on. Embedding every finding instead cost a run most of its time on a small CPU.
    /// </remarks>
    public static async Task<VerifiedReport> VerifyAsync(string markdown, SourceRegistry sources, int wordBudget, IEmbeddingGenerator<string, Embedding<float>>? embedder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        if (embedder is null)
        {
            return Verify(markdown, sources, wordBudget);
        }

        var bySource = sources.Findings.GroupBy(f => f.SourceNumber).ToDictionary(g => g.Key, g => g.Select(f => f.Quote).Distinct(StringComparer.Ordinal).ToList());
        var all = bySource.Values.SelectMany(q => q).Distinct(StringComparer.Ordinal).ToList();
        var texts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (claim, cited) in CitedClaims(markdown))
        {
            var citedQuotes = cited.Where(bySource.ContainsKey).Select(s => bySource[s]).ToList();
            if (citedQuotes.Count == cited.Count && citedQuotes.All(quotes => quotes.Any(q => QuoteSupport.Contains(claim, q))))
            {
                continue;
            }

            texts.Add(claim);
            texts.UnionWith(citedQuotes.SelectMany(q => q));
            texts.UnionWith(QuoteSupport.Nearest(claim, all, ParaphraseCandidates));
        }

        var support = await QuoteSupport.CreateAsync(embedder, texts, cancellationToken);
        return Verify(markdown, sources, wordBudget, support);
    }

    /// <summary>Quotes of other sources embedded for a claim that its own sources do not contain: those sharing most of its words.</summary>
    public const int ParaphraseCandidates = 16;

    /// <summary>Verifies <paramref name="markdown"/> against the findings in <paramref name="sources"/>.</summary>
    public static VerifiedReport Verify(string markdown, SourceRegistry sources, int wordBudget, QuoteSupport? test = null)
    {
        var quotes = new QuoteIndex(sources, test ?? QuoteSupport.Lexical);
        var used = new Dictionary<int, List<string>>();
        var said = new HashSet<string>(StringComparer.Ordinal);
        var output = new StringBuilder();
        int cited = 0, removed = 0, recited = 0, unresolved = 0, words = 0;
        var overBudget = false;

        foreach (var line in Lines(markdown))
        {
            var rawLine = line;
            if (ReferencesHeading().IsMatch(rawLine.Trim()))
            {
                break; // The verifier writes the references itself.
            }

            if (overBudget)
            {
                break;
            }

            if (rawLine.TrimStart().StartsWith('#') || !Citation().IsMatch(rawLine))
            {
                // A heading cites nothing: a marker there would rest on no sentence.
                rawLine = Citation().Replace(rawLine, "").TrimEnd();
                words += Words.Count(rawLine);
                output.Append(rawLine).Append('\n');
                continue;
            }

            var (prefix, body) = SplitListMarker(TrailingCitation().Replace(rawLine, " $2$1"));
            var kept = new List<string>();
            foreach (var sentence in Sentences.SplitCited(body).SelectMany(s => AfterCitation().Split(s)).Where(s => s.Length > 0))
            {
                var markers = Citation().Matches(sentence);
                if (markers.Count == 0)
                {
                    kept.Add(sentence);
                    continue;
                }

                var numbers = markers.SelectMany(m => m.Groups[1].Value.Split(',')).Select(n => int.Parse(n.Trim(), System.Globalization.CultureInfo.InvariantCulture)).Distinct().ToList();
                var known = numbers.Where(quotes.Has).ToList();
                unresolved += numbers.Count - known.Count;
                var claim = Words.NormalizeSpace(Citation().Replace(sentence, " "));
                if (!said.Add(string.Join(' ', Words.Tokens(claim))))
                {
                    removed++; // said already: a model repeating itself
                    continue;
                }

                var support = quotes.Support(claim, known);
                if (support.Sources.Count == 0)
                {
                    var alternative = quotes.BestSource(claim);
                    if (alternative.Sources.Count == 0)
                    {
                        removed++;
                        continue;
                    }

                    support = alternative;
                    recited++;
                }

                if (words + Words.Count(claim) > wordBudget)
                {
                    overBudget = true;
                    break;
                }

                words += Words.Count(claim);
                cited++;
                foreach (var (source, quote) in support.Quotes)
                {
                    var list = used.TryGetValue(source, out var l) ? l : used[source] = [];
                    if (!list.Contains(quote, StringComparer.Ordinal))
                    {
                        list.Add(quote);
                    }
                }

                kept.Add(WithCitation(claim, support.Sources));
            }

            if (kept.Count > 0)
            {
                output.Append(prefix).Append(Sentences.Join(kept)).Append('\n');
            }
        }

        var references = used.OrderBy(p => p.Key).Select(p =>
        {
            var card = sources.Find(p.Key)!;
            return new Reference(card.Number, card.Url, card.Title, card.Description, p.Value);
        }).ToList();
        var text = TidyBlankLines(output.ToString()).TrimEnd() + "\n";
        if (references.Count > 0)
        {
            text += "\n## References\n\n" + string.Join('\n', references.Select(r => $"[{r.Index}] [{Escape(r.Title)}]({r.Url})")) + "\n";
        }

        return new VerifiedReport(text, references, new VerificationSummary(cited, removed, recited, unresolved));
    }

    private static string WithCitation(string claim, IReadOnlyList<int> sources)
    {
        // The marker goes before the closing punctuation and quotation marks: "… as reported [[3]]."
        return Sentences.Cite(claim, "[[" + string.Join(",", sources.Order()) + "]]");
    }

    private static (string Prefix, string Body) SplitListMarker(string line)
    {
        var m = Regex.Match(line, @"^(\s*(?:[-*+]|\d+\.)\s+|\s*>\s*)?");
        return (m.Value, line[m.Length..]);
    }

    private static string TidyBlankLines(string text) => Regex.Replace(text, @"\n{3,}", "\n\n");

    private static string Escape(string title) => title.Replace("[", "(", StringComparison.Ordinal).Replace("]", ")", StringComparison.Ordinal);

    /// <summary>The lines of a draft, with careless "[n]" markers written as "[[n]]".</summary>
    private static IEnumerable<string> Lines(string markdown) =>
        SingleBracketCitation().Replace(markdown.Replace("\r\n", "\n", StringComparison.Ordinal), "[[$1]]").Split('\n');

    /// <summary>The cited sentences of a draft as <see cref="Verify(string, SourceRegistry, int, QuoteSupport?)"/> reads them.</summary>
    internal static IEnumerable<string> Claims(string markdown) => CitedClaims(markdown).Select(c => c.Claim);

    /// <summary>The cited sentences of a draft as <see cref="Verify(string, SourceRegistry, int, QuoteSupport?)"/> reads them, with the sources each cites.</summary>
    private static IEnumerable<(string Claim, List<int> Cited)> CitedClaims(string markdown)
    {
        foreach (var rawLine in Lines(markdown))
        {
            if (ReferencesHeading().IsMatch(rawLine.Trim()))
            {
                yield break;
            }

            if (rawLine.TrimStart().StartsWith('#') || !Citation().IsMatch(rawLine))
            {
                continue;
            }

            var (_, body) = SplitListMarker(TrailingCitation().Replace(rawLine, " $2$1"));
            foreach (var sentence in Sentences.SplitCited(body).SelectMany(s => AfterCitation().Split(s)).Where(s => s.Length > 0 && Citation().IsMatch(s)))
            {
                var cited = Citation().Matches(sentence).SelectMany(m => m.Groups[1].Value.Split(',')).Select(n => int.Parse(n.Trim(), System.Globalization.CultureInfo.InvariantCulture)).Distinct().ToList();
                yield return (Words.NormalizeSpace(Citation().Replace(sentence, " ")), cited);
            }
        }
    }

    /// <summary>The quotes of every source, for support checks.</summary>
    private sealed class QuoteIndex
    {
        private readonly Dictionary<int, List<string>> _bySource = [];
        private readonly List<string> _all = [];
        private readonly QuoteSupport _test;

        public QuoteIndex(SourceRegistry sources, QuoteSupport test)
        {
            _test = test;
            foreach (var finding in sources.Findings)
            {
                var list = _bySource.TryGetValue(finding.SourceNumber, out var l) ? l : _bySource[finding.SourceNumber] = [];
                if (!list.Contains(finding.Quote, StringComparer.Ordinal))
                {
                    list.Add(finding.Quote);
                    _all.Add(finding.Quote);
                }
            }
        }

        public bool Has(int source) => _bySource.ContainsKey(source);

        /// <summary>The cited sources whose quotes each support the claim on their own, with those quotes.</summary>
        public Support Support(string claim, IReadOnlyList<int> cited)
        {
            if (cited.Count == 0)
            {
                return new Support([], []);
            }

            var supporting = _test.Supporting(claim, cited.SelectMany(s => _bySource[s].Select(q => (s, q))), _all);

            // One quote per source: the best one it has.
            var chosen = supporting.GroupBy(q => q.Source).Select(g => g.First()).ToList();
            return new Support(chosen.Select(c => c.Source).ToList(), chosen);
        }

        /// <summary>The single source that best supports the claim, if any does.</summary>
        public Support BestSource(string claim)
        {
            var best = _test.Supporting(claim, _bySource.OrderBy(p => p.Key).SelectMany(p => p.Value.Select(q => (p.Key, q))), _all);
            return best.Count == 0 ? new Support([], []) : Support(claim, [best[0].Source]);
        }
    }

    private sealed record Support(IReadOnlyList<int> Sources, IReadOnlyList<(int Source, string Quote)> Quotes);
}

/// <summary>A report after verification.</summary>
public sealed record VerifiedReport(string Markdown, IReadOnlyList<Reference> References, VerificationSummary Summary);
