using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Fathom.Server.DashScope;
using Fathom.Server.Faults;
using Fathom.Server.OpenAI;
using Fathom.Server.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Fathom.Server.Tests;

/// <summary>
/// The refusals that come before a request is read — 408 (headers too slow), 411/400 (no length),
/// 413 (too large) and 414 (request line too long) — each answered with a DashScope error body and
/// logged as a client error without a stack trace, on real Kestrel over a loopback socket.
/// </summary>
public sealed class RefusalBodyTests : IAsyncLifetime
{
    private readonly LogRecorder _logs = new();
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(
        logs: _logs,
        configure: o => o.MaxRequestBytes = 10_000,
        host: b => b.WebHost.ConfigureKestrel(k => k.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(2)));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task HeadersThatStopHalfway_408RequestTimeOutWithAProtocolBody()
    {
        await using var http = await RawConnection.ConnectAsync(_server.Address);
        await http.SendAsync("GET /api/v1/research/x HTTP/1.1\r\nHost: localhost\r\nX-Half: ");
        var response = await http.ReadAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(408, response.Status);
        var error = ClientFaultTests.AssertProtocolJson(response);
        Assert.Equal("RequestTimeOut", error.GetProperty("code").GetString());
        Assert.Contains("headers did not arrive in time", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        AssertLoggedBeforeRouting(408);
    }

    [Fact]
    public async Task RequestLineLongerThanKestrelTakes_414WithAProtocolBodyNamingTheFix()
    {
        await using var http = await RawConnection.ConnectAsync(_server.Address);
        await http.SendAsync(RawConnection.Head("GET", "/api/v1/research/" + new string('x', 10_000)));
        var response = await http.ReadAsync();
        Assert.Equal(414, response.Status);
        Assert.Equal("close", response.Headers["connection"]);
        var error = ClientFaultTests.AssertProtocolJson(response);
        Assert.Equal("InvalidParameter", error.GetProperty("code").GetString());
        Assert.Contains("put long input in the JSON body", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        AssertLoggedBeforeRouting(414);
    }

    [Fact]
    public async Task Http10PostWithoutALength_RefusedWithAProtocolBody()
    {
        // Kestrel asks an HTTP/1.0 POST for its length with a 400 (it no longer sends 411 itself).
        await using var http = await RawConnection.ConnectAsync(_server.Address);
        await http.SendAsync($"POST {GenerationEndpoint.Route} HTTP/1.0\r\nHost: localhost\r\nAuthorization: Bearer {TestServer.Key}\r\nContent-Type: application/json\r\n\r\n{{}}");
        var response = await http.ReadAsync();
        Assert.Equal(400, response.Status);
        Assert.Equal("InvalidParameter", ClientFaultTests.AssertProtocolJson(response).GetProperty("code").GetString());
        AssertLoggedBeforeRouting(400);
    }

    [Fact]
    public async Task LengthRequired_KestrelsBareHead_IsRewrittenWithAProtocolBodyOfTheRightLength()
    {
        // Kestrel on HTTP/1.1 no longer writes 411, but a refusal of that shape must still get its body.
        var (status, headers, body) = await ThroughTheWriter("HTTP/1.1 411 Length Required\r\nContent-Length: 0\r\nConnection: close\r\nDate: Sun, 06 Dec 2026 02:00:00 GMT\r\nServer: Kestrel\r\n\r\n");
        Assert.Equal(411, status);
        Assert.Equal(Encoding.UTF8.GetByteCount(body).ToString(System.Globalization.CultureInfo.InvariantCulture), headers["content-length"]);
        Assert.Equal("application/json", headers["content-type"]);
        var error = JsonDocument.Parse(body).RootElement;
        Assert.Equal("InvalidParameter", error.GetProperty("code").GetString());
        Assert.Contains("Content-Length header or as Transfer-Encoding: chunked", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(headers["x-request-id"], error.GetProperty("request_id").GetString());
    }

    [Theory]
    [InlineData(408, "RequestTimeOut")]
    [InlineData(413, "BadRequest.TooLarge")]
    [InlineData(414, "InvalidParameter")]
    public async Task EveryRefusalStatus_KeepsItsStatusAndGetsItsProtocolCode(int status, string code)
    {
        var (written, _, body) = await ThroughTheWriter($"HTTP/1.1 {status} Whatever\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        Assert.Equal(status, written);
        Assert.Equal(code, JsonDocument.Parse(body).RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task ChunkedBodyOverTheCap_413TooLargeInTheProtocolFormat_BeforeItAllArrives()
    {
        await using var http = await RawConnection.ConnectAsync(_server.Address);
        await http.SendAsync(RawConnection.Head("POST", GenerationEndpoint.Route, "X-DashScope-SSE: enable", "Transfer-Encoding: chunked", "Content-Type: application/json"));
        var reading = http.ReadAsync();
        var chunk = $"1000\r\n{new string(' ', 0x1000)}\r\n";
        for (var i = 0; i < 64 && !reading.IsCompleted; i++)
        {
            try
            {
                await http.SendAsync(chunk); // 4 KB a chunk: the cap (10,000 bytes) is passed on the third
            }
            catch (IOException)
            {
                break; // the server answered and closed
            }
        }

        var response = await reading;
        Assert.Equal(413, response.Status);
        var frame = Assert.Single(StrictSse.Parse(response.Body));
        Assert.Equal("BadRequest.TooLarge", frame.Json.GetProperty("code").GetString());
        Assert.Contains("at most 10000 bytes", frame.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Error || (e.Exception is not null && e.Level >= LogLevel.Warning));
    }

    [Fact]
    public async Task BodyOverKestrelsLimitOnARouteThatKeepsIt_TheRefusalNamesTheLimitThatHeld()
    {
        // The generation endpoint raises Kestrel's limit to MaxRequestBytes; the OpenAI endpoint keeps Kestrel's.
        var data = TestServer.NewDataDirectory();
        await using var app = TestServer.Build(TestServer.Engine(), o =>
        {
            o.DataDirectory = data;
            o.ApiKeys = [TestServer.Key];
            o.MaxRequestBytes = 10_000;
        }, host: b => b.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 20_000));
        app.MapOpenAIChat();
        await app.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            http.DefaultRequestHeaders.Authorization = new("Bearer", TestServer.Key);
            using var content = new StringContent("{\"model\":\"fathom-deep-research\",\"messages\":[{\"role\":\"user\",\"content\":\"" + new string('q', 30_000) + "\"}]}", Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(new Uri("/v1/chat/completions", UriKind.Relative), content);
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
            var message = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("message").GetString();
            Assert.Contains("larger than 20000 bytes", message, StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync();
            TestServer.TryDelete(data);
        }
    }

    /// <summary>Writes <paramref name="head"/> through the connection's output as Kestrel does (one write, one flush) and parses what came out.</summary>
    private static async Task<(int Status, IReadOnlyDictionary<string, string> Headers, string Body)> ThroughTheWriter(string head)
    {
        var pipe = new Pipe();
        var refused = new List<int>();
        var writer = new RejectionBodyWriter(pipe.Writer, refused.Add);
        var bytes = Encoding.ASCII.GetBytes(head);
        bytes.CopyTo(writer.GetMemory(bytes.Length));
        writer.Advance(bytes.Length);
        await writer.FlushAsync();
        await writer.CompleteAsync();
        var read = await pipe.Reader.ReadAsync();
        while (!read.IsCompleted)
        {
            pipe.Reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            read = await pipe.Reader.ReadAsync();
        }

        var response = RawResponse.Parse(Encoding.UTF8.GetString(read.Buffer));
        Assert.Equal([response.Status], refused);
        return (response.Status, response.Headers, response.Body);
    }

    private void AssertLoggedBeforeRouting(int status)
    {
        Assert.Contains(_logs.Entries, e => e.Message.StartsWith($"Client error before routing: {status}", StringComparison.Ordinal) && e.Level == LogLevel.Information && e.Exception is null);
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Error || (e.Exception is not null && e.Level >= LogLevel.Warning));
    }
}
