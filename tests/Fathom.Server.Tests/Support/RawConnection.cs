using System.Net.Sockets;
using System.Text;

namespace Fathom.Server.Tests.Support;

/// <summary>HTTP/1.1 by hand over a loopback socket, for requests no well-behaved client would send.</summary>
internal sealed class RawConnection : IAsyncDisposable
{
    private readonly TcpClient _tcp = new();

    private RawConnection()
    {
    }

    public NetworkStream Stream { get; private set; } = null!;

    public static async Task<RawConnection> ConnectAsync(Uri server)
    {
        var raw = new RawConnection();
        await raw._tcp.ConnectAsync(server.Host, server.Port);
        raw.Stream = raw._tcp.GetStream();
        return raw;
    }

    /// <summary>The head of a request with the test key, ending in the blank line.</summary>
    public static string Head(string method, string path, params string[] headers) =>
        $"{method} {path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {TestServer.Key}\r\n" + string.Concat(headers.Select(h => h + "\r\n")) + "\r\n";

    public async Task SendAsync(string text) => await Stream.WriteAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(byte[] bytes) => await Stream.WriteAsync(bytes);

    /// <summary>Stops sending (the server sees the end of the request) but keeps reading.</summary>
    public void EndSending() => _tcp.Client.Shutdown(SocketShutdown.Send);

    /// <summary>Reads one whole response: status line, headers and the body (by length, chunks or until the server closes).</summary>
    public async Task<RawResponse> ReadAsync(TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(30));
        var bytes = new List<byte>();
        var buffer = new byte[16 * 1024];
        while (true)
        {
            int n;
            try
            {
                n = await Stream.ReadAsync(buffer, timeout.Token);
            }
            catch (IOException)
            {
                n = 0;
            }

            if (n == 0)
            {
                return RawResponse.Parse(Encoding.UTF8.GetString([.. bytes]));
            }

            bytes.AddRange(buffer.AsSpan(0, n));
            var text = Encoding.UTF8.GetString([.. bytes]);
            if (RawResponse.IsComplete(text))
            {
                return RawResponse.Parse(text);
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>A response read by <see cref="RawConnection"/>: status, headers (lower-cased names) and the de-chunked body.</summary>
internal sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public static bool IsComplete(string text)
    {
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            return false;
        }

        var head = Parse(text[..end] + "\r\n\r\n");
        var rest = text[(end + 4)..];
        if (head.Headers.TryGetValue("content-length", out var length))
        {
            return Encoding.UTF8.GetByteCount(rest) >= int.Parse(length, System.Globalization.CultureInfo.InvariantCulture);
        }

        return head.Headers.TryGetValue("transfer-encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase)
            ? rest.EndsWith("0\r\n\r\n", StringComparison.Ordinal)
            : head.Status is 204 or 304;
    }

    public static RawResponse Parse(string text)
    {
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(end > 0, $"no complete response head: '{text}'");
        var lines = text[..end].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
        var body = text[(end + 4)..];
        if (headers.TryGetValue("transfer-encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = Dechunk(body);
        }

        return new RawResponse(status, headers, body);
    }

    private static string Dechunk(string body)
    {
        var result = new StringBuilder();
        var at = 0;
        while (at < body.Length)
        {
            var line = body.IndexOf("\r\n", at, StringComparison.Ordinal);
            if (line < 0)
            {
                break;
            }

            var size = Convert.ToInt32(body[at..line].Split(';')[0], 16);
            if (size == 0)
            {
                break;
            }

            // Sizes count bytes; the test bodies are ASCII or close to it, so count in bytes.
            var bytes = Encoding.UTF8.GetBytes(body[(line + 2)..]);
            var chunk = Encoding.UTF8.GetString(bytes, 0, size);
            result.Append(chunk);
            at = line + 2 + chunk.Length + 2;
        }

        return result.ToString();
    }
}
