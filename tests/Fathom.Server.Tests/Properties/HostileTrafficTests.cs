using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CsCheck;
using Fathom.Server.DashScope;
using Fathom.Server.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Fathom.Server.Tests.Properties;

/// <summary>
/// A thousand generated malformed or hostile requests against the real server on loopback: none is
/// answered 500, every answer is in the protocol (a strict SSE stream, or a JSON error body), and
/// the server logs no fault of its own.
/// </summary>
public sealed class HostileTrafficTests
{
    private sealed record Case(string Method, string Path, byte[]? Body, bool Stream, string? Key, string? ContentType, string? LastEventId, bool Raw);

    // Kestrel itself refuses a request line or header it cannot parse (a NUL in the path, bytes
    // that are not ASCII in a header) with its own empty 400 before any middleware runs; those are
    // not generated here.
    private static readonly Gen<string> Path =
        Gen.OneOf(
            Gen.Const(GenerationEndpoint.Route),
            Gen.OneOfConst("/", "/api/v1", "/api/v1/research", "/api/v1/research/", "/%2e%2e/etc/passwd", "/api/v1/services/aigc/text-generation/generation/x"),
            Gen.Select(Gen.OneOfConst("", "/events", "/resume", "/x"), Gen.OneOfConst("abc", "00000000-0000-0000-0000-000000000000", "%2F", "..", "a%20b"), (tail, id) => $"/api/v1/research/{id}{tail}"));

    private static readonly Gen<Case> Cases =
        Gen.Frequency(
            (7, Gen.Select(HostileRequests.Body, Gen.Bool, Gen.OneOfConst<string?>(TestServer.Key, TestServer.Key, TestServer.Key, null, "sk-wrong", "", "sk-test-0123456789 x"), Gen.OneOfConst<string?>("application/json", null, "text/plain", "application/json; charset=latin1"))
                .Select(t => new Case("POST", GenerationEndpoint.Route, t.Item1, t.Item2, t.Item3, t.Item4, null, Raw: false))),
            (2, Gen.Select(Gen.OneOfConst("GET", "POST", "DELETE", "PUT", "PATCH", "OPTIONS"), Path, Gen.OneOfConst<string?>(null, "-1", "abc", "99999999999999999999", "3"))
                .Select(t => new Case(t.Item1, t.Item2, t.Item1 is "POST" or "PUT" ? Encoding.UTF8.GetBytes("{}") : null, false, TestServer.Key, "application/json", t.Item3, Raw: false))),
            (1, HostileRequests.Body.Select(b => new Case("POST", GenerationEndpoint.Route, b, true, TestServer.Key, "application/json", null, Raw: true))));

    [Fact]
    public async Task AThousandHostileRequests_NoServerErrorAndEveryAnswerInProtocol()
    {
        var logs = new LogRecorder();
        await using var server = await TestServer.StartAsync(logs: logs, configure: o =>
        {
            o.MaxConcurrentRunsPerKey = 64;
            o.MinClientDataRate = new ClientDataRate(100, TimeSpan.FromSeconds(2));
        });
        var cases = Enumerable.Range(0, 1_000).Select(_ => Cases.Single()).ToList();
        using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(60) };
        var answered = 0;
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (c, _) =>
        {
            var (status, contentType, body) = c.Raw ? await SendChunkedBadlyAsync(server, c) : await SendAsync(http, c);
            AssertInProtocol(c, status, contentType, body);
            Interlocked.Increment(ref answered);
        });

        Assert.Equal(1_000, answered);
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Error);
    }

    private static async Task<(int, string?, string)> SendAsync(HttpClient http, Case c)
    {
        using var request = new HttpRequestMessage(new HttpMethod(c.Method), c.Path);
        if (c.Body is not null)
        {
            request.Content = new ByteArrayContent(c.Body);
            if (c.ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", c.ContentType);
            }
        }

        if (c.Stream)
        {
            request.Headers.Add("X-DashScope-SSE", "enable");
        }

        if (c.Key is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + c.Key);
        }

        if (c.LastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", c.LastEventId);
        }

        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The body as chunks with a broken chunk header somewhere in it.</summary>
    private static async Task<(int, string?, string)> SendChunkedBadlyAsync(TestServer server, Case c)
    {
        await using var raw = await RawConnection.ConnectAsync(server.Address);
        await raw.SendAsync(RawConnection.Head("POST", c.Path, "X-DashScope-SSE: enable", "Transfer-Encoding: chunked", "Content-Type: application/json"));
        var half = c.Body!.Length / 2;
        await raw.SendAsync(Encoding.ASCII.GetBytes($"{half:x}\r\n"));
        await raw.SendAsync(c.Body[..half]);
        await raw.SendAsync("\r\nnot-hex\r\n");
        var response = await raw.ReadAsync();
        return (response.Status, response.Headers.GetValueOrDefault("content-type")?.Split(';')[0], response.Body);
    }

    private static void AssertInProtocol(Case c, int status, string? contentType, string body)
    {
        Assert.True(status < 500, $"{status} for {c.Method} {c.Path}: {body}");
        if (contentType == "text/event-stream")
        {
            var frames = StrictSse.Parse(body);
            Assert.NotEmpty(frames);
            Assert.Equal(status == 200, !frames[0].IsError);
            if (status != 200)
            {
                Assert.Equal(status, Assert.Single(frames).HttpStatus);
            }

            return;
        }

        Assert.True(contentType == "application/json", $"{status} {contentType} for {c.Method} {c.Path}: '{body}'");
        using var json = JsonDocument.Parse(body);
        if (status >= 400)
        {
            Assert.Equal(["code", "message", "request_id"], json.RootElement.EnumerateObject().Select(p => p.Name));
        }
    }
}
