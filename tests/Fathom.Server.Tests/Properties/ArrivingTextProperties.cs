using System.Text;
using CsCheck;
using Fathom.Server.DashScope;
using Microsoft.AspNetCore.Http;

namespace Fathom.Server.Tests.Properties;

/// <summary>
/// A text string still arriving is counted as it comes: a long plain message is refused after about
/// as many bytes as the limit has characters (not six times as many), and the count, a lower bound,
/// never refuses a message within the limit, whatever its characters and escapes and however the
/// body is cut into reads.
/// </summary>
public sealed class ArrivingTextProperties
{
    private const string Head = "{\"model\":\"qwen-deep-research\",\"input\":{\"messages\":[{\"role\":\"user\",\"content\":\"";
    private const string Tail = "\"}]},\"parameters\":{\"enable_feedback\":false}}";

    [Fact]
    public async Task FiftyMegabytesOfPlainText_RefusedAfterLittleMoreThanTheLimitWasRead()
    {
        var body = new PlainTextBody(50_000_000);
        var (document, error) = await Read(body, new InputLimits());
        Assert.Null(document);
        Assert.Contains("The input is too long", error!.Message, StringComparison.Ordinal);
        // The limit is 3,000,000 characters; before, the server read 18 MB (six bytes a character) first.
        Assert.InRange(body.Position, 3_000_000, 3_500_000);
    }

    [Fact]
    public async Task EscapedTextWithinTheLimit_IsReadWhole_AlthoughItsBytesAreFiveTimesTheLimit()
    {
        var text = string.Concat(Enumerable.Repeat("\\u0041", 90_000)); // 90,000 characters in 540,000 bytes
        var (document, error) = await Read(new MemoryStream(Encoding.UTF8.GetBytes(Head + text + Tail)), Limits(100_000));
        Assert.Null(error);
        using (document)
        {
            Assert.Equal(90_000, document!.RootElement.GetProperty("input").GetProperty("messages")[0].GetProperty("content").GetString()!.Length);
        }
    }

    [Fact]
    public void AnyText_RefusedWhileArrivingOnlyWhenItIsOverTheLimit()
    {
        const int Limit = 70_000;
        var pieces = Gen.OneOf(
            Gen.String[Gen.Char["a-z .,"], 1, 400].Select(s => (Json: s, Chars: s.Length)),
            Gen.OneOfConst<(string Json, int Chars)>(("é", 1), ("教", 1), ("😀", 2), ("\\u0041", 1), ("\\n", 1), ("\\\\", 1), ("\\\"", 1), ("\\ud83d\\ude00", 2), ("\\u00e9\\u6559", 2)));
        var texts = pieces.Array[100, 1_400].Select(parts => (Json: string.Concat(parts.Select(p => p.Json)), Chars: parts.Sum(p => p.Chars)));
        Gen.Select(texts, Gen.Int[1, 20_000]).Sample((text, piece) =>
        {
            var (document, error) = Read(new TrickleStream(Encoding.UTF8.GetBytes(Head + text.Json + Tail), piece), Limits(Limit)).GetAwaiter().GetResult();
            document?.Dispose();
            if (text.Chars <= Limit)
            {
                Assert.Null(error);
            }
            else if (error is not null)
            {
                Assert.Contains("The input is too long", error.Message, StringComparison.Ordinal);
            }
        }, iter: 150, print: t => $"{t.Item1.Chars} characters in {Encoding.UTF8.GetByteCount(t.Item1.Json)} bytes, read {t.Item2} at a time");
    }

    private static InputLimits Limits(long characters) =>
        new() { MaxMessageCharacters = characters, MaxTotalCharacters = characters, MaxMessageTokens = 10_000_000, MaxTotalTokens = 10_000_000 };

    private static async Task<(System.Text.Json.JsonDocument? Document, DashScopeError? Error)> Read(Stream body, InputLimits limits)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = body;
        return await RequestBody.ReadAsync(context.Request, 80L * 1024 * 1024, limits, CancellationToken.None);
    }

    /// <summary>A request whose one message is <paramref name="textBytes"/> of plain letters, made as it is read.</summary>
    private sealed class PlainTextBody(long textBytes) : Stream
    {
        private readonly byte[] _head = Encoding.ASCII.GetBytes(Head);
        private readonly byte[] _tail = Encoding.ASCII.GetBytes(Tail);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => _head.Length + textBytes + _tail.Length;

        public override long Position { get; set; }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = 0;
            while (n < buffer.Length && Position < Length)
            {
                buffer[n++] = Position < _head.Length ? _head[Position]
                    : Position < _head.Length + textBytes ? (byte)'a'
                    : _tail[Position - _head.Length - textBytes];
                Position++;
            }

            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A body that arrives a few bytes at a time, as a slow network delivers it.</summary>
    private sealed class TrickleStream(byte[] body, int piece) : MemoryStream(body)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, piece));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, piece)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, piece)], cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, piece), cancellationToken);
    }
}
