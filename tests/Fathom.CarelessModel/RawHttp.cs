using System.Globalization;
using System.Text;

namespace Fathom.CarelessModel;

/// <summary>Just enough HTTP/1.x to read a POST and to answer it well or badly.</summary>
internal static class RawHttp
{
    public sealed record Request(string Method, string Path, string Body);

    /// <summary>Reads one request (a Content-Length or chunked body); null when the connection closes first.</summary>
    public static async Task<Request?> ReadRequestAsync(Stream input, CancellationToken cancellationToken)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (!EndsWithBlankLine(head))
        {
            if (await input.ReadAsync(one, cancellationToken) == 0)
            {
                return null;
            }

            head.Add(one[0]);
        }

        var lines = Encoding.ASCII.GetString([.. head]).Split("\r\n");
        var start = lines[0].Split(' ');
        var headers = lines.Skip(1).Where(l => l.Contains(':', StringComparison.Ordinal))
            .ToDictionary(l => l[..l.IndexOf(':', StringComparison.Ordinal)].Trim(), l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim(), StringComparer.OrdinalIgnoreCase);
        byte[] body;
        if (headers.TryGetValue("Content-Length", out var length))
        {
            body = new byte[int.Parse(length, CultureInfo.InvariantCulture)];
            await input.ReadExactlyAsync(body, cancellationToken);
        }
        else if (headers.TryGetValue("Transfer-Encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = await ReadChunkedAsync(input, cancellationToken);
        }
        else
        {
            body = [];
        }

        if (headers.TryGetValue("Expect", out var expect) && expect.Contains("100", StringComparison.Ordinal))
        {
            // Not sent by the clients under test; answered for completeness.
        }

        return new Request(start[0], start.Length > 1 ? start[1] : "/", Encoding.UTF8.GetString(body));
    }

    /// <summary>A whole response. <paramref name="closeDelimited"/> leaves out Content-Length: the body ends when the connection closes.</summary>
    public static async Task WriteAsync(Stream output, string version, int status, string contentType, string body, CancellationToken cancellationToken, (string Name, string Value)? extra = null, bool closeDelimited = false)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"HTTP/{version} {status} {Reason(status)}\r\n");
        head.Append(CultureInfo.InvariantCulture, $"Content-Type: {contentType}\r\n");
        if (!closeDelimited)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Length: {bytes.Length}\r\n");
        }

        if (extra is { } e)
        {
            head.Append(CultureInfo.InvariantCulture, $"{e.Name}: {e.Value}\r\n");
        }

        head.Append("Connection: close\r\n\r\n");
        await output.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), cancellationToken);
        await output.WriteAsync(bytes, cancellationToken);
    }

    /// <summary>Declares the whole body's length, sends half of it and closes the connection.</summary>
    public static async Task WriteCutAsync(Stream output, string contentType, string body, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var head = $"HTTP/1.1 200 OK\r\nContent-Type: {contentType}\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n";
        await output.WriteAsync(Encoding.ASCII.GetBytes(head), cancellationToken);
        await output.WriteAsync(bytes.AsMemory(0, bytes.Length / 2), cancellationToken);
    }

    private static async Task<byte[]> ReadChunkedAsync(Stream input, CancellationToken cancellationToken)
    {
        var body = new MemoryStream();
        while (true)
        {
            var size = int.Parse((await ReadLineAsync(input, cancellationToken)).Split(';')[0].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                await ReadLineAsync(input, cancellationToken);
                return body.ToArray();
            }

            var chunk = new byte[size];
            await input.ReadExactlyAsync(chunk, cancellationToken);
            body.Write(chunk);
            await ReadLineAsync(input, cancellationToken);
        }
    }

    private static async Task<string> ReadLineAsync(Stream input, CancellationToken cancellationToken)
    {
        var line = new List<byte>();
        var one = new byte[1];
        while (await input.ReadAsync(one, cancellationToken) > 0 && one[0] != '\n')
        {
            if (one[0] != '\r')
            {
                line.Add(one[0]);
            }
        }

        return Encoding.ASCII.GetString([.. line]);
    }

    private static bool EndsWithBlankLine(List<byte> b) =>
        b.Count >= 4 && b[^4] == '\r' && b[^3] == '\n' && b[^2] == '\r' && b[^1] == '\n';

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        404 => "Not Found",
        429 => "Too Many Requests",
        _ => "Internal Server Error",
    };
}
