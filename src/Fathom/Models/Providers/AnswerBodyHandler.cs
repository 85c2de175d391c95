using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fathom.Models.Providers;

/// <summary>
/// Reads a chat-completions answer whole before the SDK sees it, so that what careless servers send
/// is either made right or failed with a clear, retryable <see cref="ModelAnswerUnreadableException"/>:
/// a body cut before its declared length, a close-delimited HTTP/1.0 body that stops short, an event
/// stream sent to a plain request (folded into one completion; without its last event it counts as
/// cut), a completion sent to a streaming request (sent on as a one-chunk stream), or a body that is
/// neither. Errors (non-2xx) and proper event streams pass through untouched.
/// </summary>
public sealed class AnswerBodyHandler(HttpMessageHandler innerHandler) : DelegatingHandler(innerHandler)
{
    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var streaming = await AsksToStreamAsync(request, cancellationToken);
        var response = await base.SendAsync(request, cancellationToken);
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
        var isEventStream = mediaType.Equals("text/event-stream", StringComparison.OrdinalIgnoreCase);
        if (!response.IsSuccessStatusCode || (streaming && isEventStream))
        {
            return response;
        }

        string body;
        try
        {
            body = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            response.Dispose();
            throw new ModelAnswerUnreadableException("the model's answer was cut off before its end (the connection closed mid-body)", ex);
        }

        try
        {
            var completion = AnswerBody.ToCompletion(body);
            response.Content = streaming
                ? new StringContent(AnswerBody.ToEventStream(completion), Encoding.UTF8, new MediaTypeHeaderValue("text/event-stream"))
                : new StringContent(completion.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
            return response;
        }
        catch (ModelAnswerUnreadableException)
        {
            response.Dispose();
            throw;
        }
    }

    private static async Task<bool> AsksToStreamAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method != HttpMethod.Post || request.Content is null)
        {
            return false;
        }

        await request.Content.LoadIntoBufferAsync(cancellationToken);
        var text = await request.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var json = JsonDocument.Parse(text);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
