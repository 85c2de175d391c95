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

        public DashScopeError? Advance(ReadOnlySpan<byte> body, bool final)
        {
            if (!final && body.Length < _retryAt)
            {
                // A long token is still arriving; scanning it again on every read would cost the
                // square of its length, so wait until the unscanned part has doubled.
                return PendingCheck(body.Length);
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
            return PendingCheck(body.Length);
        }

        /// <summary>A token still arriving that is already too long is refused now, not when it ends.</summary>
        private DashScopeError? PendingCheck(int length)
        {
            var pending = length - _consumed;
            if (_underImage)
            {
                return pending > MaxImageBytes + 16 ? ImageTooLarge(pending) : null;
            }

            return pending > limits.MaxTextBytes + 16 ? TooLong() : null;
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
