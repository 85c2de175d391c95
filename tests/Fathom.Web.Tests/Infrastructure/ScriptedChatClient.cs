using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fathom.Text;
using Microsoft.Extensions.AI;

namespace Fathom.Web.Tests.Infrastructure;

/// <summary>
/// A chat client that answers like a careful research model, from the material it is shown: it
/// plans the given queries, quotes the sentences of each page that share the most words with the
/// question (copied from the page), and writes one cited sentence per quote it is given. Each
/// answer reports a fixed token usage, as a provider does.
/// </summary>
public sealed partial class ScriptedChatClient(IReadOnlyList<string> roundQueries, long inputTokens = 200, long outputTokens = 100) : IChatClient
{
    private int _rounds;
    private int _calls;

    public int Calls => _calls;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _calls);
        var material = messages.First(m => m.Role == ChatRole.User).Text;
        var schema = options?.ResponseFormat is ChatResponseFormatJson { SchemaName: { } name } ? name : "report";
        var text = schema switch
        {
            "clarification" => """{"needed": false, "text": "", "questions": []}""",
            "research_plan" => JsonSerializer.Serialize(new { brief = "Find out: " + Question(material), outline = new[] { "Findings" } }),
            "round_plan" => Round(),
            "page_learning" => Learn(material),
            _ => Write(material),
        };
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            ModelId = "scripted",
            FinishReason = ChatFinishReason.Stop,
            Usage = new UsageDetails { InputTokenCount = inputTokens, OutputTokenCount = outputTokens, TotalTokenCount = inputTokens + outputTokens },
        });
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var update in (await GetResponseAsync(messages, options, cancellationToken)).ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("scripted", null, "scripted") : serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    private string Round()
    {
        var round = Interlocked.Increment(ref _rounds);
        return round <= roundQueries.Count
            ? JsonSerializer.Serialize(new { stop = false, stop_reason = "", goal = "Round " + round, queries = new[] { roundQueries[round - 1] } })
            : """{"stop": true, "stop_reason": "the scripted queries are done", "goal": "", "queries": []}""";
    }

    private static string Question(string material) => material.Split('\n')[1].Trim();

    private static string Learn(string material)
    {
        var start = material.IndexOf("<page>\n", StringComparison.Ordinal) + "<page>\n".Length;
        var page = material[start..material.LastIndexOf("\n</page>", StringComparison.Ordinal)];
        var question = Words.ContentTokens(Question(material)).ToHashSet(StringComparer.Ordinal);
        var quotes = Sentences.Split(page)
            .Where(s => Words.Count(s.Text) is >= 8 and <= 60)
            .Select(s => (s.Text, Overlap: Words.ContentTokens(s.Text).Where(question.Contains).Distinct().Count()))
            .Where(s => s.Overlap >= 1)
            .OrderByDescending(s => s.Overlap)
            .Take(2);
        return JsonSerializer.Serialize(new
        {
            summary = "What the page says about the question.",
            findings = quotes.Select(q => new { claim = q.Text, quote = q.Text, relevance = Math.Min(1.0, q.Overlap / 3.0) }),
        });
    }

    [GeneratedRegex(@"^\[(\d+)\] ", RegexOptions.Multiline)]
    private static partial Regex SourceLine();

    private static string Write(string material)
    {
        var report = new StringBuilder("# Findings\n\n");
        foreach (Match source in SourceLine().Matches(material))
        {
            var next = SourceLine().Match(material, source.Index + source.Length);
            var end = next.Success ? next.Index : material.Length;
            foreach (Match quote in QuoteLine().Matches(material[source.Index..end]))
            {
                report.Append(quote.Groups[1].Value.TrimEnd('.', '!', '?')).Append(" [[").Append(source.Groups[1].Value).Append("]].\n\n");
            }
        }

        return report.ToString();
    }

    [GeneratedRegex("^  quote: \"(.*)\"$", RegexOptions.Multiline)]
    private static partial Regex QuoteLine();
}
