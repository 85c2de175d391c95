using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Fathom.Server.DashScope;

/// <summary>
/// Writes the bytes of the deep-research SSE stream as the hosted service frames them: four lines
/// (<c>id:</c>, <c>event:</c>, the <c>:HTTP_STATUS/</c> comment, <c>data:</c>) with no space after a
/// colon, one line of compact JSON in the service's key order, the sic <c>fininshed</c> keys, and a
/// blank line. <c>TypedResults.ServerSentEvents</c> cannot emit the comment line, so this writes them itself.
/// </summary>
public static class DashScopeFrameWriter
{
    /// <summary>The content type of a stream, as the service sends it.</summary>
    public const string ContentType = "text/event-stream;charset=UTF-8";

    // Non-ASCII text goes out unescaped, as in the service's captures; the payload is JSON, never HTML.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    /// <summary>Writes one success chunk as an <c>event:result</c> frame.</summary>
    public static void WriteChunk(IBufferWriter<byte> output, long id, DashScopeChunk chunk, string requestId)
    {
        WriteHeader(output, id, "result", 200);
        using (var json = new Utf8JsonWriter(output, Options))
        {
            WriteChunkJson(json, chunk, requestId);
        }

        output.Write("\n\n"u8);
    }

    /// <summary>Writes an error as an <c>event:error</c> frame carrying the real status in the comment line.</summary>
    public static void WriteError(IBufferWriter<byte> output, long id, DashScopeError error, string requestId)
    {
        WriteHeader(output, id, "error", error.HttpStatus);
        using (var json = new Utf8JsonWriter(output, Options))
        {
            WriteErrorJson(json, error, requestId);
        }

        output.Write("\n\n"u8);
    }

    /// <summary>The error body: <c>code</c> first (clients detect errors by that prefix), then <c>message</c> and <c>request_id</c>.</summary>
    public static void WriteErrorJson(Utf8JsonWriter json, DashScopeError error, string requestId)
    {
        json.WriteStartObject();
        json.WriteString("code"u8, error.Code);
        json.WriteString("message"u8, error.Message);
        json.WriteString("request_id"u8, requestId);
        json.WriteEndObject();
    }

    /// <summary>The error body as a string (for non-streaming answers).</summary>
    public static string ErrorJson(DashScopeError error, string requestId)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            WriteErrorJson(json, error, requestId);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteHeader(IBufferWriter<byte> output, long id, string eventName, int status)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"id:{id}\nevent:{eventName}\n:HTTP_STATUS/{status}\ndata:");
        Encoding.UTF8.GetBytes(text, output);
    }

    private static void WriteChunkJson(Utf8JsonWriter json, DashScopeChunk chunk, string requestId)
    {
        json.WriteStartObject();
        json.WritePropertyName("output"u8);
        json.WriteStartObject();
        json.WritePropertyName("message"u8);
        json.WriteStartObject();
        json.WriteString("phase"u8, chunk.Phase);
        json.WriteString("role"u8, "assistant"u8);
        json.WriteString("content"u8, chunk.Content);
        json.WritePropertyName("extra"u8);
        json.WriteStartObject();
        json.WritePropertyName("deep_research"u8);
        WriteDeepResearch(json, chunk.DeepResearch);
        json.WriteEndObject();
        json.WriteString("status"u8, chunk.Status);
        json.WriteEndObject();
        // Sic: the service spells these keys this way, and clients read them so.
        json.WriteBoolean("fininshed"u8, false);
        json.WriteString("fininshed_reason"u8, "null"u8);
        json.WriteEndObject();
        json.WritePropertyName("usage"u8);
        json.WriteStartObject();
        json.WriteNumber("input_tokens"u8, chunk.Usage.InputTokens);
        json.WriteNumber("output_tokens"u8, chunk.Usage.OutputTokens);
        json.WriteEndObject();
        json.WriteString("request_id"u8, requestId);
        json.WriteEndObject();
    }

    private static void WriteDeepResearch(Utf8JsonWriter json, DeepResearchPayload payload)
    {
        json.WriteStartObject();
        if (payload.Research is { } research)
        {
            json.WritePropertyName("research"u8);
            WriteResearch(json, research);
        }

        if (payload.References is { } references)
        {
            json.WritePropertyName("references"u8);
            json.WriteStartArray();
            foreach (var r in references)
            {
                json.WriteStartObject();
                json.WriteString("icon"u8, r.Icon);
                json.WriteString("description"u8, r.Description);
                json.WriteNumber("index_number"u8, r.IndexNumber);
                json.WriteString("title"u8, r.Title);
                json.WriteString("url"u8, r.Url);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void WriteResearch(Utf8JsonWriter json, ResearchProgress research)
    {
        json.WriteStartObject();
        if (research.ResearchGoal is { } goal)
        {
            json.WriteString("researchGoal"u8, goal);
        }

        json.WriteNumber("id"u8, research.Id);
        if (research.Query is { } query)
        {
            json.WriteString("query"u8, query);
        }

        if (research.WebSites is { } sites)
        {
            json.WritePropertyName("webSites"u8);
            json.WriteStartArray();
            foreach (var site in sites)
            {
                json.WriteStartObject();
                json.WriteString("description"u8, site.Description);
                json.WriteString("title"u8, site.Title);
                json.WriteString("favicon"u8, site.Favicon);
                json.WriteString("url"u8, site.Url);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        if (research.LearningMap is { } map)
        {
            json.WritePropertyName("learningMap"u8);
            json.WriteStartObject();
            foreach (var (key, value) in map)
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    }
}
