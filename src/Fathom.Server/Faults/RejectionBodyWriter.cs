using System.IO.Pipelines;
using System.Text;
using Fathom.Research;
using Fathom.Server.DashScope;

namespace Fathom.Server.Faults;

/// <summary>
/// The connection's output, passed through unchanged except for one thing: a response Kestrel itself
/// writes for a request it refused before any middleware ran (a malformed request line or header,
/// headers too large, a header timeout…). Kestrel writes those as a bare head — a 4xx or 5xx
/// status, <c>Content-Length: 0</c>, <c>Connection: close</c> — and offers no hook to give them a
/// body. This writer recognises that head as it is written and writes it again with a body in the
/// protocol's format. Every other write goes through as it came; only the first bytes of a write
/// are looked at.
/// </summary>
internal sealed class RejectionBodyWriter(PipeWriter inner, Action<int> rejected) : PipeWriter
{
    private static readonly byte[] ZeroLength = "\r\nContent-Length: 0\r\n"u8.ToArray();
    private static readonly byte[] Close = "\r\nConnection: close\r\n"u8.ToArray();
    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();

    private Memory<byte> _lent;
    private bool _rewritten;

    public override Memory<byte> GetMemory(int sizeHint = 0) => _lent = inner.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    public override void Advance(int bytes)
    {
        if (!_rewritten && bytes <= _lent.Length && RejectionStatus(_lent.Span[..bytes]) is { } status)
        {
            // The head is not advanced past, so its bytes are written over by the answer with a body.
            var answer = WithBody(_lent.Span[..bytes], status);
            _rewritten = true;
            _lent = default;
            answer.CopyTo(inner.GetSpan(answer.Length));
            inner.Advance(answer.Length);
            rejected(status);
            return;
        }

        _lent = default;
        inner.Advance(bytes);
    }

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);

    public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => inner.UnflushedBytes;

    /// <summary>The status of a write that is exactly Kestrel's bare refusal head, or null for anything else.</summary>
    internal static int? RejectionStatus(ReadOnlySpan<byte> written)
    {
        // "HTTP/1.1 400 " at least, then the head's end as the write's end and nowhere before it.
        if (written.Length < 20 || !written.StartsWith("HTTP/1."u8) || written[8] != (byte)' ' || written[9] is not ((byte)'4' or (byte)'5'))
        {
            return null;
        }

        if (!written.EndsWith(HeadEnd) || written.IndexOf(HeadEnd) != written.Length - HeadEnd.Length
            || written.IndexOf(ZeroLength) < 0 || written.IndexOf(Close) < 0)
        {
            return null;
        }

        var code = written.Slice(9, 3);
        return code[1] is >= (byte)'0' and <= (byte)'9' && code[2] is >= (byte)'0' and <= (byte)'9'
            ? ((code[0] - '0') * 100) + ((code[1] - '0') * 10) + (code[2] - '0')
            : null;
    }

    /// <summary>The head again, with a JSON body in the protocol's format and its length.</summary>
    internal static byte[] WithBody(ReadOnlySpan<byte> head, int status)
    {
        var requestId = ResearchEngine.NewRunId();
        var body = Encoding.UTF8.GetBytes(DashScopeFrameWriter.ErrorJson(ErrorFor(status), requestId));
        var text = Encoding.ASCII.GetString(head[..^2]) // without the blank line
            .Replace("\r\nContent-Length: 0\r\n", $"\r\nContent-Length: {body.Length}\r\n", StringComparison.Ordinal);
        var answer = Encoding.ASCII.GetBytes($"{text}Content-Type: application/json\r\nx-request-id: {requestId}\r\n\r\n");
        return [.. answer, .. body];
    }

    /// <summary>What each refusal means to the caller, and what to do about it.</summary>
    internal static DashScopeError ErrorFor(int status) => status switch
    {
        400 => DashScopeError.InvalidParameter(
            "The request could not be read as HTTP: its request line, a header or its framing is malformed (the server refused it before reading it). Send a well-formed HTTP/1.1 request."),
        408 => new(408, "RequestTimeOut", "Request timed out, please try again later. The request's headers did not arrive in time."),
        411 => DashScopeError.InvalidParameter("Length Required: send the body with a Content-Length header or as Transfer-Encoding: chunked."),
        413 => new(413, "BadRequest.TooLarge", "Payload Too Large: the request is larger than the server accepts."),
        414 => DashScopeError.InvalidParameter("The request line is too long (at most 8 KB): put long input in the JSON body, not the address.") with { HttpStatus = 414 },
        431 => DashScopeError.InvalidParameter("The request's headers are too large (at most 32 KB in all): send fewer or shorter headers.") with { HttpStatus = 431 },
        505 => DashScopeError.InvalidParameter("The HTTP version is not supported: send HTTP/1.1.") with { HttpStatus = 505 },
        _ => new(status, status >= 500 ? "InternalError" : "InvalidParameter", $"The server refused the request before reading it (HTTP {status})."),
    };
}
