using System.Net.Sockets;
using System.Text;

namespace Fathom.Server.Tests.Support;

/// <summary>HTTP/1.1 over a bare socket, to see the response head exactly as the server wrote it (HttpClient normalises headers).</summary>
internal static class RawHttp
{
    public static async Task<string> HeadOfPostAsync(Uri address, string path, string body, params string[] headers)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(address.Host, address.Port);
        var stream = client.GetStream();
        var bytes = Encoding.UTF8.GetBytes(body);
        var request = new StringBuilder()
            .Append($"POST {path} HTTP/1.1\r\nHost: {address.Authority}\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n");
        foreach (var header in headers)
        {
            request.Append(header).Append("\r\n");
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(request.Append("\r\n").ToString()));
        await stream.WriteAsync(bytes);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        return text[..text.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
    }
}
