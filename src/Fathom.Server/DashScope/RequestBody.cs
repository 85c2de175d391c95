using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;

namespace Fathom.Server.DashScope;

/// <summary>
/// Reads a request body as JSON without trusting it: a declared length over the limit is refused
/// before a byte is read; while the body arrives, every string is checked as soon as it is complete
/// (valid UTF-8, no lone surrogate behind a <c>\u</c> escape) and a text string that grows past what
/// the input limits allow is refused at once, so a huge message costs neither the memory to hold it
/// nor the time to parse it.
/// </summary>
internal static class RequestBody
{
    private const int InitialCapacity = 16 * 1024;

    /// <summary>A string under an <c>"image"</c> key may carry 10 MB as base64 and a data-URI header.</summary>
    private const long MaxImageBytes = (ImagePart.MaxBytes / 3 * 4) + 4 + 256;

    public static async Task<(JsonDocument? Document, DashScopeError? Error)> ReadAsync(
        HttpRequest request, long maxBytes, InputLimits limits, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return Refuse(request, DashScopeError.TooLarge(maxBytes));
        }

        var screen = new Screen(limits);
        var buffer = new byte[(int)Math.Min(InitialCapacity, request.ContentLength ?? InitialCapacity) + 1];
        var filled = 0;
        var reader = request.BodyReader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken);
                var data = result.Buffer;
                if (filled + data.Length > maxBytes)
                {
                    return Refuse(request, DashScopeError.TooLarge(maxBytes));
                }

                if (filled + data.Length > buffer.Length)
                {
                    Array.Resize(ref buffer, (int)Math.Min(Math.Max(buffer.Length * 2L, filled + data.Length), Math.Min(maxBytes + 1, Array.MaxLength)));
                }

                data.CopyTo(buffer.AsSpan(filled));
                filled += (int)data.Length;
                reader.AdvanceTo(data.End);
                if (screen.Advance(buffer.AsSpan(0, filled), result.IsCompleted) is { } problem)
                {
                    return result.IsCompleted ? (null, problem) : Refuse(request, problem);
                }

                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Refuse(request, DashScopeError.TooLarge(maxBytes));
        }

        // Screened: well-formed, valid text, within the limits; parsing it cannot fail.
        return (JsonDocument.Parse(buffer.AsMemory(0, filled)), null);
    }

    /// <summary>Refuses a body not read to its end: the rest is not worth reading, so the connection closes instead of draining it.</summary>
    private static (JsonDocument?, DashScopeError?) Refuse(HttpRequest request, DashScopeError error)
    {
        request.HttpContext.Response.Headers.Connection = "close";
        return (null, error);
    }

    /// <summary>Checks the body token by token as it arrives, carrying the reader's state between reads.</summary>
    private sealed class Screen(InputLimits limits)
    {
        private JsonReaderState _state = new(new JsonReaderOptions { MaxDepth = 64 });
        private int _consumed;
        private bool _underImage;
        private long _textBytes;
        private int _retryAt;

        // What is known of the string still arriving (see PendingCharactersAtLeast), for the reader's position _countedFor.
        private int _countedFor = -1;
        private int _countedTo;
        private bool _inString;
        private bool _escaped;
        private bool _closed;
        private long _leadBytes;
        private long _backslashes;

        public DashScopeError? Advance(ReadOnlySpan<byte> body, bool final)
        {
            if (!final && body.Length < _retryAt)
            {
                // A long token is still arriving; scanning it again on every read would cost the
                // square of its length, so wait until the unscanned part has doubled.
                return PendingCheck(body);
            }

            var reader = new Utf8JsonReader(body[_consumed..], final, _state);
            try
            {
                while (reader.Read())
                {
                    if (Check(ref reader) is { } problem)
                    {
                        return problem;
                    }
                }

                if (final && reader.BytesConsumed < body.Length - _consumed && body[(_consumed + (int)reader.BytesConsumed)..].Trim(" \t\r\n"u8).Length > 0)
                {
                    return NotJson("data after the end of the JSON value");
                }
            }
            catch (JsonException ex)
            {
                return NotJson(Reason(ex, body.Length == 0));
            }

            _consumed += (int)reader.BytesConsumed;
            _state = reader.CurrentState;
            _retryAt = body.Length + Math.Max(body.Length - _consumed, 4096);
            return PendingCheck(body);
        }

        /// <summary>A token still arriving that is already too long is refused now, not when it ends.</summary>
        private DashScopeError? PendingCheck(ReadOnlySpan<byte> body)
        {
            var pending = body.Length - _consumed;
            if (_underImage)
            {
                return pending > MaxImageBytes + 16 ? ImageTooLarge(pending) : null;
            }

            if (pending > limits.MaxTextBytes + 16)
            {
                return TooLong();
            }

            // A character takes six bytes at most, but plain text takes one to three: counted as it
            // arrives, a long plain message is refused once its first few megabytes are in, not after
            // six times its limit. Short strings are left to the exact count once the body is read,
            // whose message names the message and its length.
            return pending > PendingCountFrom && PendingCharactersAtLeast(body) > Math.Min(limits.MaxMessageCharacters, limits.MaxTotalCharacters)
                ? TooLong()
                : null;
        }

        /// <summary>Bytes a string must have arrived of before its characters are counted while it arrives.</summary>
        private const int PendingCountFrom = 64 * 1024;

        /// <summary>
        /// A lower bound of the characters of the first string after the reader's position, counted only
        /// over the bytes that came since the last call, up to its closing quote: every UTF-8 lead byte
        /// is a character at least, less five for each escape (<c>\uXXXX</c> is six bytes for one
        /// character; a shorter escape only lowers the bound further). Whitespace and separators before
        /// the string, and whatever follows it, are not counted.
        /// </summary>
        private long PendingCharactersAtLeast(ReadOnlySpan<byte> body)
        {
            if (_countedFor != _consumed)
            {
                (_countedFor, _countedTo, _inString, _escaped, _closed, _leadBytes, _backslashes) = (_consumed, _consumed, false, false, false, 0, 0);
            }

            var fresh = body[_countedTo..];
            _countedTo = body.Length;
            if (!_inString)
            {
                var quote = fresh.IndexOf((byte)'"');
                if (quote < 0)
                {
                    return 0; // not a string (yet): a number or literal this long fails as JSON anyway
                }

                _inString = true;
                fresh = fresh[(quote + 1)..];
            }

            foreach (var b in fresh)
            {
                if (_closed)
                {
                    break;
                }

                if (_escaped)
                {
                    _escaped = false;
                    _leadBytes++;
                }
                else if (b == (byte)'\\')
                {
                    _escaped = true;
                    _backslashes++;
                    _leadBytes++;
                }
                else if (b == (byte)'"')
                {
                    _closed = true;
                }
                else if ((b & 0xC0) != 0x80)
                {
                    _leadBytes++;
                }
            }

            return _leadBytes - (5 * _backslashes);
        }

        private DashScopeError? Check(ref Utf8JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    if (Text(ref reader) is { } invalid)
                    {
                        return invalid;
                    }

                    _underImage = reader.ValueTextEquals("image"u8);
                    return null;
                case JsonTokenType.String:
                    var under = _underImage;
                    _underImage = false;
                    var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
                    if (!under)
                    {
                        _textBytes += length;
                        if (length > limits.MaxTextBytes || _textBytes > limits.MaxTextBytes)
                        {
                            return TooLong();
                        }
                    }
                    else if (length > MaxImageBytes)
                    {
                        return ImageTooLarge(length);
                    }

                    return Text(ref reader);
                default:
                    _underImage = false;
                    return null;
            }
        }

        private static DashScopeError? Text(ref Utf8JsonReader reader)
        {
            if (!reader.ValueIsEscaped)
            {
                var valid = reader.HasValueSequence ? Utf8.IsValid(reader.ValueSequence.ToArray()) : Utf8.IsValid(reader.ValueSpan);
                return valid ? null : InvalidText("bytes that are not valid UTF-8");
            }

            try
            {
                _ = reader.GetString();
                return null;
            }
            catch (InvalidOperationException)
            {
                return InvalidText("a \\u escape for half a surrogate pair (a lone surrogate) or bytes that are not valid UTF-8");
            }
        }

        private DashScopeError TooLong() =>
            DashScopeError.InvalidParameter(
                $"The input is too long: the messages may have at most {InputText.Count(limits.MaxTotalCharacters)} characters and {InputText.Count(limits.MaxTotalTokens)} tokens " +
                $"in all (one message at most {InputText.Count(limits.MaxMessageCharacters)} characters and {InputText.Count(limits.MaxMessageTokens)} tokens). Shorten the question.");

        private static DashScopeError ImageTooLarge(long base64Bytes) =>
            DashScopeError.InvalidParameter($"An image is over {base64Bytes / 4 * 3 / (1024.0 * 1024):0.0} MB; an image may have at most 10 MB.");

        private static DashScopeError InvalidText(string what) =>
            DashScopeError.InvalidParameter($"The request body holds a string with {what}. Send the body as UTF-8 JSON text.");

        private static DashScopeError NotJson(string reason) =>
            DashScopeError.InvalidParameter($"The request body is not valid JSON: {reason}. Send {{\"model\": …, \"input\": {{\"messages\": […]}}}}.");

        private static string Reason(JsonException ex, bool empty) => empty ? "it is empty" : ex.Message.Split(" LineNumber:", 2)[0].TrimEnd('.');
    }
}
