using System.Text;
using System.Text.Json;
using Fathom.Server.DashScope;
using Fathom.Server.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Fathom.Server.Tests;

/// <summary>Faults of the client, sent by hand over a socket: each gets a body in the protocol's format and a one-line log entry.</summary>
public sealed class ClientFaultTests : IAsyncLifetime
{
    private readonly LogRecorder _logs = new();
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(logs: _logs, configure: o => o.MinClientDataRate = new ClientDataRate(1_000, TimeSpan.FromSeconds(2)));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("GET", "/nowhere")]
    [InlineData("POST", "/api/v1/services/aigc/text-generation/generationx")]
    [InlineData("GET", "/api/v1/research/a/b/c")]
    public async Task UnknownRoute_404InTheProtocolFormat(string method, string path)
    {
        await using var http = await RawConnection.ConnectAsync(_server.Address);
        await http.SendAsync(RawConnection.Head(method, path, "Content-Length: 0"));
        var response = await http.ReadAsync();
        Assert.Equal(404, response.Status);
        Assert.Equal("NotFound", AssertProtocolJson(response).GetProperty("code").GetString());
    }

    [Fact]
    public async Task WrongMethod_405InTheProtocolFormat()
    {
        await using var http = await RawConnection.ConnectAsync(_server.Address);
        await http.SendAsync(RawConnection.Head("GET", GenerationEndpoint.Route));
        var response = await http.ReadAsync();
        Assert.Equal(405, response.Status);
        Assert.Equal("MethodNotAllowed", AssertProtocolJson(response).GetProperty("code").GetString());
    }

    [Fact]
    public async Task BadChunking_400InTheProtocolFormat_LoggedWithoutAStackTrace()
    {
        await using var http = await RawConnection.ConnectAsync(_server.Address);
        await http.SendAsync(RawConnection.Head("POST", GenerationEndpoint.Route, "X-DashScope-SSE: enable", "Transfer-Encoding: chunked", "Content-Type: application/json"));
        await http.SendAsync("5\r\n{\"mod\r\nzz-not-a-size\r\n");
        var response = await http.ReadAsync();
        Assert.Equal(400, response.Status);
        var frame = Assert.Single(StrictSse.Parse(response.Body));
        Assert.Equal(400, frame.HttpStatus);
        Assert.Equal("InvalidParameter", frame.Json.GetProperty("code").GetString());
        Assert.Contains("could not be read", frame.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
        AssertLoggedAsClientFault();
    }

    [Fact]
    public async Task BodyShorterThanItsLength_ThenSilence_408InTheProtocolFormat()
    {
        await using var http = await RawConnection.ConnectAsync(_server.Address);
        await http.SendAsync(RawConnection.Head("POST", GenerationEndpoint.Route, "Content-Length: 500", "Content-Type: application/json"));
        await http.SendAsync("{\"model\":\"qwen-deep-research\"");
        var response = await http.ReadAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(408, response.Status);
        Assert.Equal("RequestTimeOut", AssertProtocolJson(response).GetProperty("code").GetString());
        AssertLoggedAsClientFault();
    }

    [Fact]
    public async Task BodyShorterThanItsLength_ThenClosed_NoStackTraceInTheLog()
    {
        await using (var http = await RawConnection.ConnectAsync(_server.Address))
        {
            await http.SendAsync(RawConnection.Head("POST", GenerationEndpoint.Route, "Content-Length: 500", "Content-Type: application/json"));
            await http.SendAsync("{\"model\":\"qwen-deep-research\"");
            http.EndSending();
            await Task.Delay(500);
        }

        await Task.Delay(1_000);
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Error);
        Assert.DoesNotContain(_logs.Entries, e => e.Exception is not null && e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task UploadSlowerThanTheMinimumRate_408RequestTimeOut()
    {
        await using var http = await RawConnection.ConnectAsync(_server.Address);
        await http.SendAsync(RawConnection.Head("POST", GenerationEndpoint.Route, "Content-Length: 5000", "Content-Type: application/json"));
        var reading = http.ReadAsync(TimeSpan.FromSeconds(20));
        for (var i = 0; i < 40 && !reading.IsCompleted; i++)
        {
            try
            {
                await http.SendAsync("{");
            }
            catch (IOException)
            {
                break;
            }

            await Task.Delay(250);
        }

        var response = await reading;
        Assert.Equal(408, response.Status);
        Assert.Equal("RequestTimeOut", AssertProtocolJson(response).GetProperty("code").GetString());
        AssertLoggedAsClientFault();
    }

    [Theory]
    [InlineData("NOT AN HTTP REQUEST\r\n\r\n", 400, "could not be read as HTTP")]
    [InlineData("GET /api/v1/research/x HTTP/1.1\r\nHost: localhost\r\nBad Header Name: x\r\n\r\n", 400, "could not be read as HTTP")]
    [InlineData("GET /api/v1/research/x HTTP/7.0\r\nHost: localhost\r\n\r\n", 505, "HTTP version")]
    public async Task RequestKestrelRefusesBeforeTheApp_AnsweredWithAProtocolBody_LoggedAsAClientError(string request, int status, string message)
    {
        await using var http = await RawConnection.ConnectAsync(_server.Address);
        await http.SendAsync(request);
        var response = await http.ReadAsync();
        Assert.Equal(status, response.Status);
        Assert.Equal("close", response.Headers["connection"]);
        Assert.Contains(message, AssertProtocolJson(response).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains(_logs.Entries, e => e.Message.StartsWith($"Client error before routing: {status}", StringComparison.Ordinal) && e.Level == LogLevel.Information && e.Exception is null);
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task HeadersLargerThanKestrelTakes_431WithAProtocolBody()
    {
        await using var http = await RawConnection.ConnectAsync(_server.Address);
        await http.SendAsync(RawConnection.Head("GET", "/api/v1/research/x", "X-Padding: " + new string('p', 40_000)));
        var response = await http.ReadAsync();
        Assert.Equal(431, response.Status);
        Assert.Contains("headers are too large", AssertProtocolJson(response).GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AfterARefusedRequest_TheServerAnswersTheNextConnectionAsUsual()
    {
        await using (var bad = await RawConnection.ConnectAsync(_server.Address))
        {
            await bad.SendAsync("NOT AN HTTP REQUEST\r\n\r\n");
            Assert.Equal(400, (await bad.ReadAsync()).Status);
        }

        // A sound request on a kept-alive connection, twice: its responses go through untouched.
        await using var good = await RawConnection.ConnectAsync(_server.Address);
        for (var i = 0; i < 2; i++)
        {
            await good.SendAsync(RawConnection.Head("GET", "/api/v1/research/none"));
            var response = await good.ReadAsync();
            Assert.Equal(404, response.Status);
            Assert.Equal("NotFound", AssertProtocolJson(response).GetProperty("code").GetString());
        }
    }

    internal static JsonElement AssertProtocolJson(RawResponse response)
    {
        Assert.StartsWith("application/json", response.Headers["content-type"], StringComparison.Ordinal);
        Assert.StartsWith("{\"code\":", response.Body, StringComparison.Ordinal);
        var json = JsonDocument.Parse(response.Body).RootElement;
        Assert.Equal(["code", "message", "request_id"], json.EnumerateObject().Select(p => p.Name));
        return json;
    }

    private void AssertLoggedAsClientFault()
    {
        Assert.Contains(_logs.Entries, e => e.Message.StartsWith("Client error on POST", StringComparison.Ordinal) && e.Exception is null);
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Error);
        Assert.DoesNotContain(_logs.Entries, e => e.Exception is not null && e.Level >= LogLevel.Warning);
    }
}
