using Fathom.Events;

namespace Fathom.Server.Tests.Support;

/// <summary>Reads the run-events SSE stream (<c>id:</c> = sequence, <c>event:</c> = type, <c>data:</c> = event JSON).</summary>
internal static class FathomEventStream
{
    public static async IAsyncEnumerable<ResearchEvent> ReadAsync(Stream stream)
    {
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length > 0)
            {
                lines.Add(line);
                continue;
            }

            if (lines is [var comment] && comment.StartsWith(':'))
            {
                lines.Clear();
                continue; // keep-alive
            }

            Assert.Equal(3, lines.Count);
            var e = FathomJson.Deserialize(lines[2]["data:".Length..]);
            Assert.Equal($"id:{e.Sequence}", lines[0]);
            Assert.StartsWith("event:", lines[1], StringComparison.Ordinal);
            lines.Clear();
            yield return e;
        }
    }

    /// <summary>Follows a run from after <paramref name="after"/> until its stream ends.</summary>
    public static async Task<List<ResearchEvent>> CollectAsync(HttpClient client, string runId, long after = 0, int? take = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/research/{runId}/events");
        if (after > 0)
        {
            request.Headers.Add("Last-Event-ID", after.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var events = new List<ResearchEvent>();
        await foreach (var e in ReadAsync(await response.Content.ReadAsStreamAsync()))
        {
            events.Add(e);
            if (events.Count == take)
            {
                break;
            }
        }

        return events;
    }

    /// <summary>The sequence numbers are exactly first, first+1, … with none missing and none twice.</summary>
    public static void AssertGapFree(IReadOnlyList<ResearchEvent> events, long first = 1) =>
        Assert.Equal(Enumerable.Range((int)first, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));

    /// <summary>What each research step did, for comparing runs: repeats of a step show up as duplicates.</summary>
    public static List<string> Steps(IEnumerable<ResearchEvent> events) =>
    [
        .. events.Select(e => e switch
        {
            PlanCreated => "plan",
            RoundStarted r => $"round {r.Round} started: {string.Join(" | ", r.Queries)}",
            SourcesFound s => $"round {s.Round} found {string.Join(",", s.Sources.Select(c => c.Number))}",
            PageLearned l => $"round {l.Round} learned {l.SourceNumber}",
            PageSkipped k => $"round {k.Round} skipped {k.SourceNumber}",
            RoundFinished f => $"round {f.Round} finished",
            ResearchFinished => "research finished",
            ReportWritten => "report",
            RunFinished f => $"run {f.Status}",
            _ => null,
        }).OfType<string>().Order(StringComparer.Ordinal),
    ];
}
