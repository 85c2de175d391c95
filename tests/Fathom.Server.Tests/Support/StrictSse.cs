using System.Text.Json;
using Fathom.Server.DashScope;

namespace Fathom.Server.Tests.Support;

/// <summary>One event of a DashScope stream, as the official SDK sees it.</summary>
internal sealed record SseFrame(long Id, string Event, int HttpStatus, string Data)
{
    public JsonElement Json => JsonDocument.Parse(Data).RootElement;

    public bool IsError => Event == "error";

    public string Phase => Json.GetProperty("output").GetProperty("message").GetProperty("phase").GetString()!;

    public string Status => Json.GetProperty("output").GetProperty("message").GetProperty("status").GetString()!;

    public string Content => Json.GetProperty("output").GetProperty("message").GetProperty("content").GetString()!;

    public JsonElement DeepResearch => Json.GetProperty("output").GetProperty("message").GetProperty("extra").GetProperty("deep_research");

    public long OutputTokens => Json.GetProperty("usage").GetProperty("output_tokens").GetInt64();
}

/// <summary>
/// A strict reader of the stream, following §2.3 of the protocol (the official SDK's rules) and
/// §2.2 and §3 (the service's framing and schema): every event is exactly <c>id:N</c> (N = 1, 2, 3…),
/// <c>event:result</c> or <c>event:error</c>, <c>:HTTP_STATUS/NNN</c>, one <c>data:</c> line of JSON, and a
/// blank line; no space after a colon; result JSON has the captured keys in the captured order and an
/// <c>output</c> object; error JSON starts with <c>code</c>; nothing follows an error.
/// </summary>
internal static class StrictSse
{
    private static readonly string[] Phases = [DashScopePhase.Answer, DashScopePhase.ResearchPlanning, DashScopePhase.WebResearch, DashScopePhase.KeepAlive];

    private static readonly string[] Statuses =
    [
        DashScopeStatus.Typing, DashScopeStatus.Finished, DashScopeStatus.StreamingQueries, DashScopeStatus.StreamingWebResult,
        DashScopeStatus.StreamingThinking, DashScopeStatus.WebResultFinished,
    ];

    /// <summary>Parses a whole body; throws naming the first rule broken.</summary>
    public static List<SseFrame> Parse(string body, string? requestId = null)
    {
        Assert.False(body.Contains('\r', StringComparison.Ordinal), "the stream uses \\n line endings");
        Assert.True(body.Length == 0 || body.EndsWith("\n\n", StringComparison.Ordinal), "the stream ends with a blank line after its last event");
        var frames = new List<SseFrame>();
        foreach (var block in body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.False(frames.LastOrDefault()?.IsError ?? false, "nothing may follow an error event");
            frames.Add(ParseFrame(block, frames.Count + 1, requestId));
        }

        return frames;
    }

    public static SseFrame ParseFrame(string block, long expectedId, string? requestId)
    {
        var lines = block.Split('\n');
        Assert.True(lines.Length == 4, $"event {expectedId} has four lines, not {lines.Length}: {block}");
        Assert.Equal($"id:{expectedId}", lines[0]);
        Assert.True(lines[1] is "event:result" or "event:error", $"event {expectedId}: '{lines[1]}' is neither event:result nor event:error");
        Assert.StartsWith(":HTTP_STATUS/", lines[2], StringComparison.Ordinal);
        var status = int.Parse(lines[2][":HTTP_STATUS/".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith("data:", lines[3], StringComparison.Ordinal);
        Assert.False(lines[3].StartsWith("data: ", StringComparison.Ordinal), "no space after data:");
        var data = lines[3]["data:".Length..];
        var frame = new SseFrame(expectedId, lines[1]["event:".Length..], status, data);
        using var json = JsonDocument.Parse(data);
        var root = json.RootElement;
        if (frame.IsError)
        {
            Assert.NotEqual(200, status);
            Keys(root, "code", "message", "request_id");
            Assert.StartsWith("{\"code\":", data, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(200, status);
            Keys(root, "output", "usage", "request_id");
            var output = root.GetProperty("output");
            Keys(output, "message", "fininshed", "fininshed_reason");
            Assert.Equal(JsonValueKind.False, output.GetProperty("fininshed").ValueKind);
            Assert.Equal("null", output.GetProperty("fininshed_reason").GetString());
            var message = output.GetProperty("message");
            Keys(message, "phase", "role", "content", "extra", "status");
            Assert.Contains(message.GetProperty("phase").GetString(), Phases);
            Assert.Contains(message.GetProperty("status").GetString(), Statuses);
            Assert.Equal("assistant", message.GetProperty("role").GetString());
            Assert.Equal(JsonValueKind.String, message.GetProperty("content").ValueKind);
            Keys(message.GetProperty("extra"), "deep_research");
            Assert.Equal(JsonValueKind.Object, message.GetProperty("extra").GetProperty("deep_research").ValueKind);
            Keys(root.GetProperty("usage"), "input_tokens", "output_tokens");
        }

        if (requestId is not null)
        {
            Assert.Equal(requestId, root.GetProperty("request_id").GetString());
        }

        return frame;
    }

    /// <summary>Reads events one by one as they arrive, checking each.</summary>
    public static async IAsyncEnumerable<SseFrame> ReadAsync(Stream stream, string? requestId = null)
    {
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        long id = 0;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length > 0)
            {
                lines.Add(line);
                continue;
            }

            yield return ParseFrame(string.Join('\n', lines), ++id, requestId);
            lines.Clear();
        }

        Assert.Empty(lines);
    }

    /// <summary>Checks the phase and status machine of §4: a clarify call, or a research call.</summary>
    public static void AssertResearchMachine(IReadOnlyList<SseFrame> frames, bool thinking = false)
    {
        var states = frames.Where(f => !f.IsError && f.Phase != DashScopePhase.KeepAlive).Select(f => (f.Phase, f.Status)).ToList();
        var i = 0;
        Expect(DashScopePhase.ResearchPlanning, DashScopeStatus.Typing, atLeastOne: true);
        Expect(DashScopePhase.ResearchPlanning, DashScopeStatus.Finished, atLeastOne: true, once: true);
        var rounds = 0;
        while (i < states.Count && states[i].Phase == DashScopePhase.WebResearch && states[i].Status != DashScopeStatus.Finished)
        {
            Expect(DashScopePhase.WebResearch, thinking ? DashScopeStatus.StreamingThinking : DashScopeStatus.StreamingQueries, atLeastOne: true);
            if (!thinking)
            {
                Expect(DashScopePhase.WebResearch, DashScopeStatus.StreamingWebResult, atLeastOne: false);
            }

            Expect(DashScopePhase.WebResearch, DashScopeStatus.WebResultFinished, atLeastOne: true, once: true);
            rounds++;
        }

        Assert.True(rounds > 0, "at least one research round");
        Expect(DashScopePhase.WebResearch, DashScopeStatus.Finished, atLeastOne: true, once: true);
        Expect(DashScopePhase.Answer, DashScopeStatus.Typing, atLeastOne: true);
        Expect(DashScopePhase.Answer, DashScopeStatus.Finished, atLeastOne: true, once: true);
        Assert.True(i == states.Count, $"nothing follows answer/finished, but {states.Count - i} chunks did");

        void Expect(string phase, string status, bool atLeastOne, bool once = false)
        {
            var n = 0;
            while (i < states.Count && states[i] == (phase, status) && !(once && n == 1))
            {
                i++;
                n++;
            }

            Assert.True(!atLeastOne || n > 0, $"expected {phase}/{status} at chunk {i + 1}, found {(i < states.Count ? states[i].ToString() : "the end")}");
        }
    }

    private static void Keys(JsonElement element, params string[] expected)
    {
        Assert.Equal(JsonValueKind.Object, element.ValueKind);
        Assert.Equal(expected, element.EnumerateObject().Select(p => p.Name).ToArray());
    }
}
