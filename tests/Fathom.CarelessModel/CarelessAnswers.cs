using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fathom.Text;

namespace Fathom.CarelessModel;

/// <summary>
/// The answers of a careless model, from the request alone: it does each stage roughly right (reads
/// the question, quotes the page, cites the findings it is given), then slips in the ways small
/// models do — thinking out loud, fences and prose around the JSON, JSON cut short, one sentence
/// over and over, the prompt's own words as queries, reworded or invented quotes, shuffled and
/// stitched sentences, citation numbers that name no source, reports far too short.
/// </summary>
public static partial class CarelessAnswers
{
    [GeneratedRegex(@"1-(\d+) web search", RegexOptions.CultureInvariant)]
    private static partial Regex QueryCount();

    [GeneratedRegex(@"at most (\d+) findings", RegexOptions.CultureInvariant)]
    private static partial Regex FindingCount();

    [GeneratedRegex(@"Stay under (\d+) words", RegexOptions.CultureInvariant)]
    private static partial Regex WordBudget();

    [GeneratedRegex(@"This is round (\d+) of at most (\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex RoundLine();

    [GeneratedRegex(@"queries: (.*); new findings", RegexOptions.CultureInvariant)]
    private static partial Regex SearchedLine();

    [GeneratedRegex(@"^- \[(\d+)\] (.*)$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex LearnedLine();

    [GeneratedRegex(@"^\[(\d+)\] ", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex SourceLine();

    /// <summary>The answer's text for <paramref name="request"/>, and whether it was cut at the output limit.</summary>
    public static (string Text, bool Cut) Answer(CarelessRequest request, Carelessness care)
    {
        var draw = new Draw(care.Seed, request.Body, "content");
        var stage = request.Stage;
        var text = stage switch
        {
            "clarify" => Clarify(draw, care),
            "plan" => Plan(request, draw, care),
            "plan_round" => PlanRound(request, draw, care),
            "learn" => Learn(request, draw, care),
            "write" => Write(request, draw, care),
            _ => "I am not sure what you are asking.",
        };
        return stage == "write" ? WrapReport(text, request, draw, care) : Wrap(text, request, draw, care);
    }

    private static string Clarify(Draw draw, Carelessness care) => draw.Chance(care.Content * 0.3)
        ? """{"needed": true, "text": "Could you say more?", "questions": []}"""
        : """{"needed": false, "text": "", "questions": []}""";

    private static string Plan(CarelessRequest request, Draw draw, Carelessness care)
    {
        var q = request.Question.TrimEnd('?', '.', ' ');
        string[] outline = [$"What {q} means", "Causes and evidence", "Different views", "What follows"];
        var brief = $"Find out {q}, what the evidence says and where sources disagree.";
        if (draw.Chance(care.Content * 0.5))
        {
            // Scaffolding taken for content.
            outline = ["section title", "each naming a sub-question the research must answer", "short and in the language of the question"];
            brief = draw.Chance(0.5) ? "what exactly is to be found out, and what a good answer must cover" : brief;
        }

        return JsonSerializer.Serialize(new { brief, outline });
    }

    private static string PlanRound(CarelessRequest request, Draw draw, Carelessness care)
    {
        var n = QueryCount().Match(request.System) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 3;
        var round = RoundLine().Match(request.User) is { Success: true } r ? int.Parse(r.Groups[1].Value, CultureInfo.InvariantCulture) : 1;
        var searched = SearchedLine().Matches(request.User).SelectMany(x => x.Groups[1].Value.Split(" | ")).ToList();
        var q = request.Question.TrimEnd('?', '.', ' ');
        if (round >= 4 || (round > 1 && draw.Chance(care.Content * 0.3)))
        {
            return """{"stop": true, "stop_reason": "enough is known", "goal": "", "queries": []}""";
        }

        var learned = string.Join(' ', LearnedLine().Matches(request.User).Select(x => x.Groups[2].Value));
        var known = Words.ContentTokens(q + " " + string.Join(' ', searched)).ToHashSet(StringComparer.Ordinal);
        var terms = Words.ContentTokens(learned + " " + string.Join(' ', request.Outline))
            .Where(w => w.Length > 3 && !known.Contains(w))
            .GroupBy(w => w, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key)
            .Take(n)
            .ToList();
        var queries = round == 1 ? new List<string> { q }.Concat(terms.Select(t => $"{q} {t}")).Take(n).ToList() : terms.Select(t => $"{q} {t}").ToList();
        var goal = $"Find what is still unknown about {q}.";
        if (draw.Chance(care.Content))
        {
            var kind = draw.Weighted(3, 1, 1);
            if (kind == 0)
            {
                // The prompt's own instructions as queries and goal.
                var words = request.System.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
                queries = Enumerable.Range(0, n).Select(_ =>
                {
                    var at = draw.Next(Math.Max(1, words.Length - 8));
                    return string.Join(' ', words.Skip(at).Take(draw.Next(4, 8))).Trim(',', '.', ':');
                }).ToList();
                goal = draw.Chance(0.5) ? "one sentence: the gap it closes" : "You are the research lead of a deep-research service";
            }
            else if (kind == 1 && searched.Count > 0)
            {
                queries = searched.Take(n).ToList(); // the same queries again
            }
            else
            {
                queries = [q, q, q + " " + q]; // one query over and over
            }
        }

        return JsonSerializer.Serialize(new { stop = false, stop_reason = "", goal, queries });
    }

    private static string Learn(CarelessRequest request, Draw draw, Carelessness care)
    {
        var max = FindingCount().Match(request.System) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 5;
        var page = PageText(request.User);
        var wanted = Words.ContentTokens(request.Question + " " + string.Join(' ', request.Outline)).ToHashSet(StringComparer.Ordinal);
        var sentences = Sentences.Split(page).Select(s => s.Text).Where(s => Words.Count(s) is >= 6 and <= 60).ToList();
        var relevant = sentences
            .Select((s, i) => (Text: s, Index: i, Score: Words.ContentTokens(s).Distinct(StringComparer.Ordinal).Count(wanted.Contains)))
            .Where(s => s.Score >= 1)
            .OrderByDescending(s => s.Score).ThenBy(s => s.Index)
            .Take(max)
            .OrderBy(s => s.Index)
            .Select(s => s.Text)
            .ToList();
        var findings = new List<(string Claim, string Quote, double Relevance)>();
        foreach (var sentence in relevant)
        {
            var (claim, quote, relevance) = (sentence, sentence, Math.Round(0.4 + (draw.Next(60) / 100.0), 2));
            if (draw.Chance(care.Content * 0.6))
            {
                switch (draw.Weighted(3, 2, 2, 2, 1, 1))
                {
                    case 0: quote = Reword(sentence, draw); break;
                    case 1: quote = Invent(request.Question, draw); claim = quote; break;
                    case 2: claim = relevant[draw.Next(relevant.Count)] is var other && other != sentence ? Negate(other) : Negate(sentence); break;
                    case 3: quote = sentence + " … " + sentences[draw.Next(sentences.Count)]; break;
                    case 4: quote = "copy one or two whole sentences character for character from the page"; claim = "the fact in one sentence of your own words"; break;
                    default: relevance = draw.Chance(0.5) ? 7 : -1; break;
                }
            }

            findings.Add((claim, quote, relevance));
        }

        return JsonSerializer.Serialize(new
        {
            summary = findings.Count == 0 ? "Nothing on the question." : "What the page says about the question.",
            findings = findings.Select(f => new { claim = f.Claim, quote = f.Quote, relevance = f.Relevance }),
        });
    }

    private static string Write(CarelessRequest request, Draw draw, Carelessness care)
    {
        var budget = WordBudget().Match(request.System) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 1_500;
        var sources = Sources(request.User);
        var known = sources.Count == 0 ? 1 : sources.Max(s => s.Number);
        var quotes = sources.SelectMany(s => s.Quotes.Select(q => (s.Number, Quote: q))).ToList();
        var sections = request.Outline.Count > 0 ? request.Outline : ["Findings"];
        var shortReport = draw.Chance(care.Content * 0.4);
        var report = new StringBuilder();
        report.Append("# ").Append(request.Question.Trim()).Append("\n\n");
        report.Append("This report sums up what the sources say.\n\n");
        var words = 0;
        var limit = shortReport ? draw.Next(30, 160) : budget * 3 / 4;
        for (var i = 0; i < quotes.Count && words < limit; i++)
        {
            if (i % Math.Max(1, quotes.Count / sections.Count + 1) == 0 && i / Math.Max(1, quotes.Count / sections.Count + 1) < sections.Count)
            {
                report.Append("\n\n## ").Append(sections[i / Math.Max(1, quotes.Count / sections.Count + 1)]).Append("\n\n");
            }

            var (number, quote) = quotes[i];
            var sentence = Sentences.Split(quote).Select(s => s.Text).FirstOrDefault() ?? quote;
            var cite = number;
            if (draw.Chance(care.Content * 0.5))
            {
                switch (draw.Weighted(3, 3, 2, 1))
                {
                    case 0: sentence = Shuffle(sentence, draw); break;
                    case 1: sentence = Stitch(sentence, quotes[draw.Next(quotes.Count)].Quote); break;
                    case 2: cite = known + draw.Next(1, 60); break;
                    default: sentence = "Every sentence that states a fact ends with the citation of the source(s) it rests on"; break;
                }
            }

            words += Words.Count(sentence);
            report.Append(sentence.TrimEnd('.', '!', '?')).Append(" [[").Append(cite).Append("]]. ");
        }

        if (draw.Chance(care.Content * 0.3) && quotes.Count > 0)
        {
            // Stuck on one sentence.
            var stuck = quotes[0].Quote.TrimEnd('.') + $" [[{quotes[0].Number}]]. ";
            report.Append(string.Concat(Enumerable.Repeat(stuck, 30)));
        }

        report.Append("\n\n## Conclusion\n\nThe sources together answer the question.\n");
        if (draw.Chance(care.Content * 0.3))
        {
            report.Append("\n## References\n\n").Append(string.Join('\n', sources.Select(s => $"[{s.Number}] {s.Title}"))).Append('\n');
        }

        return report.ToString();
    }

    /// <summary>Wraps a JSON answer the ways careless models do.</summary>
    private static (string, bool) Wrap(string json, CarelessRequest request, Draw draw, Carelessness care)
    {
        if (!draw.Chance(care.Wrapping))
        {
            return (json, false);
        }

        return draw.Weighted(4, 3, 3, 2, 1, 1) switch
        {
            0 => ($"<think>\nThe user asks about {request.Question}. I should answer in JSON.\n</think>\n{json}", false),
            1 => ($"```json\n{json}\n```", false),
            2 => ($"Sure! Here is the JSON you asked for:\n\n{json}\n\nLet me know if you need anything else.", false),
            3 => (json[..Math.Max(1, json.Length * draw.Next(30, 90) / 100)], draw.Chance(0.5)),
            4 => (string.Concat(Enumerable.Repeat("I will now answer the question. ", 60)), true),
            _ => ($"<think>\nLet me consider {request.Question} carefully, step by step, and", true),
        };
    }

    private static (string, bool) WrapReport(string report, CarelessRequest request, Draw draw, Carelessness care)
    {
        if (!draw.Chance(care.Wrapping))
        {
            return (report, false);
        }

        return draw.Weighted(4, 2, 2) switch
        {
            0 => ($"<think>\nI need to write about {request.Question}. Let me plan the sections.\n</think>\n{report}", false),
            1 => ($"```markdown\n{report}\n```", false),
            _ => (report[..Math.Max(1, report.Length * draw.Next(20, 70) / 100)], true),
        };
    }

    private static string PageText(string user)
    {
        var start = user.IndexOf("<page>\n", StringComparison.Ordinal);
        var end = user.LastIndexOf("\n</page>", StringComparison.Ordinal);
        return start >= 0 && end > start ? user[(start + 7)..end] : user;
    }

    private sealed record Source(int Number, string Title, List<string> Quotes);

    private static List<Source> Sources(string user)
    {
        var sources = new List<Source>();
        foreach (var line in user.Split('\n'))
        {
            if (SourceLine().Match(line) is { Success: true } m)
            {
                sources.Add(new Source(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), line[m.Length..], []));
            }
            else if (sources.Count > 0 && line.StartsWith("  quote: \"", StringComparison.Ordinal) && line.EndsWith('"'))
            {
                sources[^1].Quotes.Add(line["  quote: \"".Length..^1]);
            }
        }

        return sources;
    }

    /// <summary>Two neighbouring words swapped and one dropped: a quote "from memory".</summary>
    private static string Reword(string sentence, Draw draw)
    {
        var words = sentence.Split(' ').ToList();
        if (words.Count < 4)
        {
            return sentence + " indeed";
        }

        var i = draw.Next(words.Count - 1);
        (words[i], words[i + 1]) = (words[i + 1], words[i]);
        words.RemoveAt(draw.Next(words.Count));
        return string.Join(' ', words);
    }

    private static string Invent(string question, Draw draw) => draw.Pick<string>(
    [
        $"Experts agree that {question.TrimEnd('?')} is mostly explained by one simple factor.",
        $"A 2023 study of 4,000 cases found that {question.TrimEnd('?')} depends on timing above all.",
        "According to recent research, the answer is more complicated than most people think.",
    ]);

    private static string Negate(string sentence) => "It is not true that " + char.ToLowerInvariant(sentence[0]) + sentence[1..];

    /// <summary>The sentence's words in a random order.</summary>
    private static string Shuffle(string sentence, Draw draw)
    {
        var words = sentence.TrimEnd('.', '!', '?').Split(' ').ToList();
        draw.Shuffle(words);
        var text = string.Join(' ', words);
        return char.ToUpperInvariant(text[0]) + text[1..];
    }

    /// <summary>The first half of one quote and the second half of another: a claim neither makes.</summary>
    private static string Stitch(string a, string b)
    {
        var left = a.Split(' ');
        var right = b.Split(' ');
        return string.Join(' ', left.Take(Math.Max(3, left.Length / 2)).Concat(right.Skip(right.Length / 2)));
    }
}
