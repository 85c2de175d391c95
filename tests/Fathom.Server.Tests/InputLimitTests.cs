using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Fathom.Server.DashScope;
using Fathom.Server.Tests.Support;

namespace Fathom.Server.Tests;

/// <summary>What a request may carry: text limits in characters and tokens, visible text, valid UTF-8, and a huge body refused early.</summary>
public sealed class InputLimitTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(configure: o => o.Input = new InputLimits { MaxMessageCharacters = 1_000, MaxTotalCharacters = 1_500, MaxMessageTokens = 300, MaxTotalTokens = 400 });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task MessageOverTheCharacterLimit_400NamingTheLimit()
    {
        var message = await AssertRefused(Body(Messages(("user", Words(1_200)))));
        Assert.Contains("input.messages[0] has 1,200 characters", message, StringComparison.Ordinal);
        Assert.Contains("at most 1,000 characters and 300 tokens", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MessageOverTheTokenLimit_400NamingTheLimit()
    {
        // Ideographs count a token each: 350 characters are under the character limit, over the token limit.
        var message = await AssertRefused(Body(Messages(("user", new string('教', 350)))));
        Assert.Contains("about 350 tokens", message, StringComparison.Ordinal);
        Assert.Contains("300 tokens", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConversationOverTheTotalLimit_400NamingTheTotal()
    {
        var message = await AssertRefused(Body(Messages(("user", Words(800)), ("assistant", Words(800)), ("user", "yes"))));
        Assert.Contains("together they may have at most 1,500 characters and 400 tokens", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("   \\t\\n  ")]
    [InlineData("\\u200b\\u200c\\u200d\\u2060\\ufeff")]
    [InlineData("\\u00a0\\u3000\\u3164\\u2800 \\u034f")]
    public async Task QuestionOfInvisibleCharacters_400(string content)
    {
        var message = await AssertRefused(Body($$"""[{"role":"user","content":"{{content}}"}]"""));
        Assert.Contains("invisible characters", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"model":"qwen-deep-research","input":{"messages":[{"role":"user","content":"a \ud800 b"}]}}""")]
    [InlineData("""{"model":"qwen-deep-research","input":{"messages":[{"role":"user","content":"a \udc00\ud800 b"}]}}""")]
    [InlineData("""{"model":"qwen-deep-research","input":{"messages":[{"role":"user","\ud83d":"x","content":"q"}]}}""")]
    public async Task LoneSurrogateEscape_400(string body)
    {
        var message = await AssertRefused(Encoding.ASCII.GetBytes(body));
        Assert.Contains("lone surrogate", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0xC3, 0x28 })]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })] // a surrogate encoded as UTF-8
    [InlineData(new byte[] { 0xF0, 0x9F, 0x98 })] // cut short
    public async Task InvalidUtf8InAString_400(byte[] bad)
    {
        var body = Encoding.UTF8.GetBytes("""{"model":"qwen-deep-research","input":{"messages":[{"role":"user","content":"AI """)
            .Concat(bad).Concat(Encoding.UTF8.GetBytes(""" in schools"}]}}""")).ToArray();
        var message = await AssertRefused(body);
        Assert.Contains("UTF-8", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidUtf8OutsideAString_400NotJson()
    {
        var body = Encoding.UTF8.GetBytes("""{"model":"qwen-deep-research",""").Concat(new byte[] { 0xFF, 0xFE }).Concat(Encoding.UTF8.GetBytes("\"input\":{}}")).ToArray();
        var message = await AssertRefused(body);
        Assert.Contains("not valid JSON", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FiftyMegabyteMessage_IsAnswered400AtOnce()
    {
        await using var server = await TestServer.StartAsync();
        const long size = 50L * 1024 * 1024;
        var head = Encoding.UTF8.GetBytes("""{"model":"qwen-deep-research","input":{"messages":[{"role":"user","content":" """);
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(server.Address.Host, server.Address.Port);
        var stream = tcp.GetStream();
        var clock = Stopwatch.StartNew();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST {GenerationEndpoint.Route} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {TestServer.Key}\r\nX-DashScope-SSE: enable\r\n" +
            $"Content-Type: application/json\r\nContent-Length: {head.Length + size + 5}\r\n\r\n"));
        await stream.WriteAsync(head);
        long sent = 0;
        var answered = new TaskCompletionSource<string>();
        _ = Task.Run(async () =>
        {
            var buffer = new byte[64 * 1024];
            var text = new StringBuilder();
            int n;
            while ((n = await stream.ReadAsync(buffer)) > 0)
            {
                text.Append(Encoding.UTF8.GetString(buffer, 0, n));
                if (text.ToString().EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal)) // the last chunk
                {
                    break;
                }
            }

            answered.TrySetResult(text.ToString());
        });
        var chunk = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("education ", 6_554))[..65_536]);
        try
        {
            while (sent < size && !answered.Task.IsCompleted)
            {
                await stream.WriteAsync(chunk);
                sent += chunk.Length;
            }
        }
        catch (IOException)
        {
            // The server closed the connection after refusing.
        }

        var response = await answered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        clock.Stop();
        Assert.StartsWith("HTTP/1.1 400", response, StringComparison.Ordinal);
        Assert.Contains("\r\nConnection: close\r\n", response, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("data:{\"code\":\"InvalidParameter\"", response, StringComparison.Ordinal);
        Assert.Contains("at most 3,000,000 characters and 997,952 tokens", response, StringComparison.Ordinal);
        // How much of the body the client got out before the refusal reached it depends on how fast
        // loopback drains; what holds on any machine is the quick answer (and the server's memory, in
        // bench/README.md), so the byte count is only reported.
        Console.WriteLine($"the client sent {sent} bytes before the answer came, {clock.Elapsed.TotalSeconds:0.00} s after the first");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task DeclaredLengthOverTheCap_413BeforeReading()
    {
        await using var small = await TestServer.StartAsync(configure: o => o.MaxRequestBytes = 10_000);
        using var request = TestServer.Generation("");
        request.Content = new ByteArrayContent(new byte[1_000_000]);
        using var response = await small.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("BadRequest.TooLarge", Assert.Single(StrictSse.Parse(await response.Content.ReadAsStringAsync())).Json.GetProperty("code").GetString());
    }

    [Fact]
    public async Task QuestionWithinTheLimits_Runs()
    {
        var (response, body) = await _server.PostAsync(ErrorTests.Body(question: Words(900), extra: "\"enable_feedback\":false"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        StrictSse.AssertResearchMachine(StrictSse.Parse(body));
    }

    private static string Words(int characters) => string.Concat(Enumerable.Repeat("education ", (characters / 10) + 1))[..characters];

    private static string Messages(params (string Role, string Content)[] turns) =>
        "[" + string.Join(",", turns.Select(t => $$"""{"role":"{{t.Role}}","content":"{{t.Content}}"}""")) + "]";

    private static string Body(string messages) => "{\"model\":\"qwen-deep-research\",\"input\":{\"messages\":" + messages + "}}";

    private Task<string> AssertRefused(string body) => AssertRefused(Encoding.UTF8.GetBytes(body));

    private async Task<string> AssertRefused(byte[] body)
    {
        using var request = TestServer.Generation("");
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _server.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var frame = Assert.Single(StrictSse.Parse(text, response.Headers.GetValues("x-request-id").Single()));
        Assert.Equal(400, frame.HttpStatus);
        Assert.Equal("InvalidParameter", frame.Json.GetProperty("code").GetString());
        return frame.Json.GetProperty("message").GetString()!;
    }
}
