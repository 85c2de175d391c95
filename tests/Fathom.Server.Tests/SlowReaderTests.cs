using System.Net;
using System.Net.Sockets;
using System.Text;
using Fathom.Events;
using Fathom.Server.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;

namespace Fathom.Server.Tests;

/// <summary>
/// <see cref="FathomServerOptions.MinClientDataRate"/> against a reader: one that takes a stream slower
/// than the rate is disconnected (its headers went out, so no body can follow), logged as a client
/// error without a stack trace; a reader that keeps up gets the whole stream, and the run can be
/// followed again after the drop.
/// </summary>
public sealed class SlowReaderTests
{
    [Fact]
    public async Task ReaderSlowerThanTheMinimumRate_IsDisconnected_AndOneThatKeepsUpGetsTheWholeStream()
    {
        var logs = new LogRecorder();

        // 200 KB a second after 2 s: any reader that reads keeps up; one that reads nothing falls behind.
        // The server's sockets get a small send buffer (accepted sockets take the listener's): left to
        // itself, Linux grows it to megabytes on loopback, and a reader that reads nothing would hold
        // the whole stream in buffers without Kestrel ever waiting on it.
        await using var server = await TestServer.StartAsync(
            logs: logs,
            configure: o => o.MinClientDataRate = new ClientDataRate(200_000, TimeSpan.FromSeconds(2)),
            host: b => b.WebHost.UseSockets(s => s.CreateBoundListenSocket = endpoint =>
            {
                var listener = SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
                listener.SendBufferSize = 16 * 1024;
                return listener;
            }));

        // A finished run whose event stream (its question is in its first events) is far larger than
        // the socket's and Kestrel's buffers together.
        var question = string.Concat(Enumerable.Repeat("How does timely feedback improve learning? ", 7_000));
        var (posted, _) = await server.PostAsync(ErrorTests.Body(question: question, extra: "\"enable_feedback\":false"));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var runId = posted.Headers.GetValues("x-request-id").Single();

        var whole = await FathomEventStream.CollectAsync(server.Client, runId);
        Assert.IsType<RunFinished>(whole[^1]);

        using var tcp = new TcpClient { ReceiveBufferSize = 4 * 1024 };
        await tcp.ConnectAsync(server.Address.Host, server.Address.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(RawConnection.Head("GET", $"/api/v1/research/{runId}/events", "Accept: text/event-stream")));
        await Task.Delay(TimeSpan.FromSeconds(12)); // reads nothing

        var received = await ReadUntilClosed(stream, TimeSpan.FromSeconds(30));
        Assert.StartsWith("HTTP/1.1 200", received, StringComparison.Ordinal);
        Assert.DoesNotContain("event:run_finished", received, StringComparison.Ordinal);
        Assert.True(received.Length < question.Length * 2, $"the slow reader got {received.Length} characters, the whole stream");

        var again = await FathomEventStream.CollectAsync(server.Client, runId);
        Assert.Equal(whole.Select(e => e.Sequence), again.Select(e => e.Sequence));

        // The cut is logged when the follower's handler ends, which on a busy machine can be after the
        // client saw the connection drop and followed the run again: wait for the line, within bounds.
        static bool IsCutLine(LogEntry e) => e.Message.StartsWith("Client error on GET", StringComparison.Ordinal) && e.Message.Contains("minimum data rate", StringComparison.Ordinal);
        for (var waited = 0; waited < 300 && !logs.Entries.Any(IsCutLine); waited++)
        {
            await Task.Delay(100);
        }

        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Error);
        Assert.DoesNotContain(logs.Entries, e => e.Exception is not null && e.Level >= LogLevel.Warning);
        Assert.Contains(logs.Entries, e => IsCutLine(e) && e.Exception is null);
    }

    /// <summary>Everything the server sends until it closes the connection (or resets it), or until the chunked body's end.</summary>
    private static async Task<string> ReadUntilClosed(NetworkStream stream, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        var bytes = new MemoryStream();
        var buffer = new byte[64 * 1024];
        try
        {
            while (await stream.ReadAsync(buffer, timeout.Token) is var n and > 0)
            {
                bytes.Write(buffer, 0, n);
                if (bytes.Length > 5 && bytes.GetBuffer().AsSpan((int)bytes.Length - 5, 5).SequenceEqual("0\r\n\r\n"u8))
                {
                    break; // the whole stream came: the connection stays open for the next request
                }
            }
        }
        catch (IOException)
        {
            // A reset: the server dropped the connection.
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
