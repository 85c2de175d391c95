using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fathom.Text;
using Microsoft.Extensions.AI;

namespace Fathom.Models.Tests.Support;

/// <summary>
/// Scripted answers for every stage that behave like a careful model: it plans an outline, searches
/// the question, quotes the page it is shown and writes cited sentences from the quotes it is given.
/// A test replaces the answers it is about through <see cref="Override"/>.
/// </summary>
internal sealed partial class ResearchScript
{
    /// <summary>Returns the answer for a call, or null to use the careful one.</summary>
    public Func<ScriptedCall, ChatResponse?>? Override { get; init; }

    public string[] Outline { get; init; } = ["Common reasons startups fail", "Money and market", "Lessons for founders"];

    public long InputTokens { get; init; } = 200;

    public long OutputTokens { get; init; } = 100;

    public ScriptedChatClient Client() => new(Respond);

    public ChatResponse Respond(ScriptedCall call) => Override?.Invoke(call) ?? call.Stage switch
    {
        "clarify" => Reply("""{"needed": false, "text": "", "questions": []}"""),
        "plan" => Reply(JsonSerializer.Serialize(new { brief = "Find out " + Question(call) + " and why.", outline = Outline })),
        "plan_round" => call.NumberInStage == 1
            ? Reply(JsonSerializer.Serialize(new { stop = false, stop_reason = "", goal = "Find the main reasons", queries = new[] { Question(call), "startup failure reasons" } }))
            : Reply("""{"stop": true, "stop_reason": "the outline is covered", "goal": "", "queries": []}"""),
        "learn" => Reply(Learn(call)),
        "write" => Reply(Write(call.Material)),
        _ => throw new InvalidOperationException("unexpected stage " + call.Stage),
    };

    public ChatResponse Reply(string text) => ScriptedChatClient.Reply(text, InputTokens, OutputTokens);

    public static string Question(ScriptedCall call) => call.Material.Split('\n')[1].Trim();

    public static string PageText(ScriptedCall call)
    {
        var text = call.Material;
        var start = text.IndexOf("<page>\n", StringComparison.Ordinal) + "<page>\n".Length;
        var end = text.LastIndexOf("\n</page>", StringComparison.Ordinal);
        return text[start..end];
    }

    /// <summary>Up to three sentences of the page that share at least two content words with the question.</summary>
    public static List<string> RelevantSentences(ScriptedCall call)
    {
        var wanted = Words.ContentTokens(Question(call) + " startup startups fail failure reasons").ToHashSet();
        return Sentences.Split(PageText(call))
            .Skip(1) // the page's title line
            .Select(s => s.Text)
            .Where(s => Words.Count(s) is >= 6 and <= 60 && Words.ContentTokens(s).Distinct().Count(wanted.Contains) >= 2)
            .Take(3)
            .ToList();
    }

    public static string LearnJson(IEnumerable<(string Claim, string Quote)> findings) => JsonSerializer.Serialize(new
    {
        summary = "What the page says about the question.",
        findings = findings.Select(f => new { claim = f.Claim, quote = f.Quote, relevance = 0.8 }),
    });

    private static string Learn(ScriptedCall call) => LearnJson(RelevantSentences(call).Select(s => (s, s)));

    [GeneratedRegex(@"^\[(\d+)\] ", RegexOptions.Multiline)]
    private static partial Regex SourceLine();

    /// <summary>A report that cites, for each source, the first quote it was given.</summary>
    public static string Write(string material)
    {
        var report = new StringBuilder("# Why startups fail\n\nThe sources agree on a few reasons.\n\n## Findings\n\n");
        foreach (Match source in SourceLine().Matches(material))
        {
            var quoteAt = material.IndexOf("  quote: \"", source.Index, StringComparison.Ordinal);
            if (quoteAt < 0)
            {
                continue;
            }

            quoteAt += "  quote: \"".Length;
            var quote = material[quoteAt..material.IndexOf("\"\n", quoteAt, StringComparison.Ordinal)];
            foreach (var sentence in Sentences.Split(quote))
            {
                var s = sentence.Text.TrimEnd('.', '!', '?');
                report.Append(s).Append(" [[").Append(source.Groups[1].Value).Append("]]. ");
            }

            report.Append("\n\n");
        }

        return report.ToString();
    }
}
