using System.Text;
using System.Text.RegularExpressions;
using Fathom.Sources;
using Fathom.Text;

namespace Fathom.Research;

/// <summary>
/// Checks a draft before it is released: every [[n]] must name a source that was read, and every
/// cited sentence must be supported by the quotes of the sources it cites. A sentence that another
/// source supports is re-cited; one that nothing supports is dropped. The references list carries,
/// for each cited source, the verbatim quotes the sentences rest on.
/// </summary>
public static partial class ReportVerifier
{
    /// <summary>Share of a sentence's content words that its sources' quotes must contain.</summary>
    public const double SupportThreshold = 0.6;

    [GeneratedRegex(@"\[\[(\d+(?:\s*,\s*\d+)*)\]\]", RegexOptions.CultureInvariant)]
    private static partial Regex Citation();

    [GeneratedRegex(@"^#{1,6}\s*(references|sources|bibliography)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReferencesHeading();

    // "… a claim. [[3]]" cites the sentence before it: move the marker inside ("… a claim [[3]].").
    [GeneratedRegex(@"\s*([.!?])\s*(\[\[[\d,\s]+\]\])", RegexOptions.CultureInvariant)]
    private static partial Regex TrailingCitation();

    /// <summary>Verifies <paramref name="markdown"/> against the findings in <paramref name="sources"/>.</summary>
    public static VerifiedReport Verify(string markdown, SourceRegistry sources, int wordBudget)
    {
        var quotes = new QuoteIndex(sources);
        var used = new Dictionary<int, List<string>>();
        var output = new StringBuilder();
        int cited = 0, removed = 0, recited = 0, unresolved = 0, words = 0;
        var overBudget = false;

        foreach (var rawLine in markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
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
                words += Words.Count(rawLine);
                output.Append(rawLine).Append('\n');
                continue;
            }

            var (prefix, body) = SplitListMarker(TrailingCitation().Replace(rawLine, " $2$1"));
            var kept = new List<string>();
            foreach (var sentence in Sentences.SplitCited(body))
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
                var content = Words.ContentTokens(claim);
                var support = quotes.Support(content, known);
                if (support.Sources.Count == 0)
                {
                    var alternative = quotes.BestSource(content);
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
                output.Append(prefix).Append(string.Join(' ', kept)).Append('\n');
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
        var marker = "[[" + string.Join(",", sources.Order()) + "]]";
        var end = Sentences.CitationPoint(claim);

        // The marker goes before the closing punctuation and quotation marks: "… as reported [[3]]."
        return end < claim.Length ? claim[..end].TrimEnd() + " " + marker + claim[end..] : claim + " " + marker;
    }

    private static (string Prefix, string Body) SplitListMarker(string line)
    {
        var m = Regex.Match(line, @"^(\s*(?:[-*+]|\d+\.)\s+|\s*>\s*)?");
        return (m.Value, line[m.Length..]);
    }

    private static string TidyBlankLines(string text) => Regex.Replace(text, @"\n{3,}", "\n\n");

    private static string Escape(string title) => title.Replace("[", "(", StringComparison.Ordinal).Replace("]", ")", StringComparison.Ordinal);

    /// <summary>The quotes of every source, for support checks.</summary>
    private sealed class QuoteIndex
    {
        private readonly Dictionary<int, List<(string Quote, List<string> Tokens)>> _bySource = [];

        public QuoteIndex(SourceRegistry sources)
        {
            foreach (var finding in sources.Findings)
            {
                var list = _bySource.TryGetValue(finding.SourceNumber, out var l) ? l : _bySource[finding.SourceNumber] = [];
                if (!list.Any(q => q.Quote == finding.Quote))
                {
                    list.Add((finding.Quote, Words.Tokens(finding.Quote)));
                }
            }
        }

        public bool Has(int source) => _bySource.ContainsKey(source);

        /// <summary>The cited sources that, with their best quotes, support the content words.</summary>
        public Support Support(List<string> content, IReadOnlyList<int> cited)
        {
            if (content.Count == 0 || cited.Count == 0)
            {
                return new Support([], []);
            }

            // Greedily add each source's best quotes until the claim is covered.
            var chosen = new List<(int, string)>();
            var pool = new List<string>();
            foreach (var source in cited)
            {
                foreach (var (quote, tokens) in _bySource[source].OrderByDescending(q => Words.Recall(content, q.Tokens)).Take(3))
                {
                    if (Words.Recall(content, tokens) <= 0)
                    {
                        break;
                    }

                    var gain = Words.Recall(content, [.. pool, .. tokens]) - Words.Recall(content, pool);
                    if (gain > 0)
                    {
                        pool.AddRange(tokens);
                        chosen.Add((source, quote));
                    }
                }
            }

            if (Words.Recall(content, pool) < SupportThreshold)
            {
                return new Support([], []);
            }

            return new Support(chosen.Select(c => c.Item1).Distinct().ToList(), chosen);
        }

        /// <summary>The single source that best supports the content words, if any does.</summary>
        public Support BestSource(List<string> content)
        {
            var best = _bySource.Keys
                .Select(s => (Source: s, Score: _bySource[s].Max(q => Words.Recall(content, q.Tokens))))
                .Where(s => s.Score >= SupportThreshold)
                .OrderByDescending(s => s.Score)
                .ThenBy(s => s.Source)
                .FirstOrDefault();
            return best.Source == 0 ? new Support([], []) : Support(content, [best.Source]);
        }
    }

    private sealed record Support(IReadOnlyList<int> Sources, IReadOnlyList<(int Source, string Quote)> Quotes);
}

/// <summary>A report after verification.</summary>
public sealed record VerifiedReport(string Markdown, IReadOnlyList<Reference> References, VerificationSummary Summary);
