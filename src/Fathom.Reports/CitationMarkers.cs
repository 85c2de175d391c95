using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Fathom.Sources;

namespace Fathom.Reports;

/// <summary>
/// Finds the <c>[[n]]</c> and <c>[[n,m]]</c> citations in a report and decides, for each, which of
/// the reference's quotes it rests on: the one sharing the most words with the text it closes. The
/// exports then render each citation as a link to its reference that shows that quote.
/// </summary>
public static partial class CitationMarkers
{
    // Private-use characters: they survive Markdown parsing as literal text and never occur in reports.
    private const char Open = '\uE000';
    private const char Close = '\uE001';

    /// <summary>The citations as the report writes them.</summary>
    [GeneratedRegex(@"\[\[\s*(\d+(?:\s*,\s*\d+)*)\s*\]\]", RegexOptions.CultureInvariant)]
    public static partial Regex Written();

    [GeneratedRegex("\uE000(\\d+)\\.(\\d+)\uE001", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\p{L}[\p{L}\p{N}'’-]*|\p{N}+", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    /// <summary>
    /// Replaces each written citation by one placeholder per reference it names, carrying the
    /// chosen quote. Citations of unknown references are kept as plain text.
    /// </summary>
    public static string Mark(string markdown, ReportDocument document)
    {
        var output = new StringBuilder(markdown.Length);
        var last = 0;
        var contextStart = 0;
        foreach (Match m in Written().Matches(markdown))
        {
            var context = markdown[Math.Max(contextStart, ParagraphStart(markdown, m.Index))..m.Index];
            output.Append(markdown, last, m.Index - last);
            var indices = m.Groups[1].Value.Split(',').Select(s => int.Parse(s.Trim(), CultureInfo.InvariantCulture)).ToList();
            if (indices.Any(i => document.Find(i) is null))
            {
                output.Append(m.Value);
            }
            else
            {
                foreach (var index in indices)
                {
                    output.Append(Open).Append(index).Append('.').Append(BestQuote(document.Find(index)!, context)).Append(Close);
                }
            }

            last = contextStart = m.Index + m.Length;
        }

        return output.Append(markdown, last, markdown.Length - last).ToString();
    }

    /// <summary>Splits marked text into plain runs and citations, in order.</summary>
    public static IEnumerable<(string Text, Citation? Citation)> Split(string marked, ReportDocument document)
    {
        var last = 0;
        foreach (Match m in Placeholder().Matches(marked))
        {
            if (m.Index > last)
            {
                yield return (marked[last..m.Index], null);
            }

            yield return (m.Value, Resolve(document, int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)));
            last = m.Index + m.Length;
        }

        if (last < marked.Length)
        {
            yield return (marked[last..], null);
        }
    }

    /// <summary>Replaces every placeholder in <paramref name="marked"/> with what <paramref name="render"/> makes of its citation.</summary>
    public static string Replace(string marked, ReportDocument document, Func<Citation, string> render) =>
        Placeholder().Replace(marked, m => render(Resolve(document, int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))));

    /// <summary>The source's title and site: "Why startups fail (example.com)".</summary>
    public static string SourceLabel(Reference reference)
    {
        var domain = ReportAnchors.Domain(reference.Url);
        var title = reference.Title.Length > 0 ? reference.Title : reference.Url;
        return domain.Length > 0 && !title.Contains(domain, StringComparison.OrdinalIgnoreCase) ? $"{title} ({domain})" : title;
    }

    private static Citation Resolve(ReportDocument document, int index, int quote)
    {
        var reference = document.Find(index)!;
        var text = quote < reference.Quotes.Count ? reference.Quotes[quote] : "";
        return new Citation(index, text, SourceLabel(reference), reference.Url);
    }

    private static int BestQuote(Reference reference, string context)
    {
        if (reference.Quotes.Count <= 1)
        {
            return 0;
        }

        var words = Words(context);
        var best = 0;
        var bestScore = -1.0;
        for (var i = 0; i < reference.Quotes.Count; i++)
        {
            var quoteWords = Words(reference.Quotes[i]);
            var shared = quoteWords.Count(words.Contains);
            var score = quoteWords.Count == 0 ? 0 : shared / Math.Sqrt(quoteWords.Count);
            if (score > bestScore)
            {
                (best, bestScore) = (i, score);
            }
        }

        return best;
    }

    private static HashSet<string> Words(string text) =>
        Word().Matches(text).Select(m => m.Value.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);

    private static int ParagraphStart(string text, int at)
    {
        var blank = text.LastIndexOf("\n\n", at, StringComparison.Ordinal);
        return blank < 0 ? 0 : blank + 2;
    }
}
