using System.Buffers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fathom.Research;
using Fathom.Sources;

namespace Fathom.Server.OpenAI;

/// <summary>
/// Writes OpenAI's <c>chat.completion</c> and <c>chat.completion.chunk</c> objects. Citations
/// <c>[[n]]</c> in the report become <c>url_citation</c> annotations that span the marker and point
/// at reference n.
/// </summary>
internal static partial class ChatCompletionWriter
{
    /// <summary>The whole answer, for a request without <c>stream</c>.</summary>
    public static void WriteCompletion(IBufferWriter<byte> output, string id, long created, string model, string content, string? reasoning, IReadOnlyList<Reference> references, TokenUsage usage)
    {
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        Head(json, id, "chat.completion", created, model);
        json.WriteStartArray("choices");
        json.WriteStartObject();
        json.WriteNumber("index", 0);
        json.WriteStartObject("message");
        json.WriteString("role", "assistant");
        json.WriteString("content", content);
        if (reasoning is { Length: > 0 })
        {
            json.WriteString("reasoning_content", reasoning);
        }

        json.WriteNull("refusal");
        Annotations(json, content, references);
        json.WriteEndObject();
        json.WriteNull("logprobs");
        json.WriteString("finish_reason", "stop");
        json.WriteEndObject();
        json.WriteEndArray();
        Usage(json, usage);
        json.WriteEndObject();
    }

    /// <summary>One streamed delta: the role, progress as <c>reasoning_content</c>, or the answer's content with its annotations.</summary>
    public static void WriteChunk(IBufferWriter<byte> output, string id, long created, string model, ChunkDelta delta)
    {
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        Head(json, id, "chat.completion.chunk", created, model);
        json.WriteStartArray("choices");
        json.WriteStartObject();
        json.WriteNumber("index", 0);
        json.WriteStartObject("delta");
        if (delta.Role)
        {
            json.WriteString("role", "assistant");
        }

        if (delta.Content is not null)
        {
            json.WriteString("content", delta.Content);
            if (delta.References is { } references)
            {
                Annotations(json, delta.Content, references);
            }
        }

        if (delta.Reasoning is not null)
        {
            json.WriteString("reasoning_content", delta.Reasoning);
        }

        json.WriteEndObject();
        json.WriteNull("logprobs");
        if (delta.Finished)
        {
            json.WriteString("finish_reason", "stop");
        }
        else
        {
            json.WriteNull("finish_reason");
        }

        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>The last chunk when <c>stream_options.include_usage</c> is set: no choices, the run's usage.</summary>
    public static void WriteUsageChunk(IBufferWriter<byte> output, string id, long created, string model, TokenUsage usage)
    {
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        Head(json, id, "chat.completion.chunk", created, model);
        json.WriteStartArray("choices");
        json.WriteEndArray();
        Usage(json, usage);
        json.WriteEndObject();
    }

    private static void Head(Utf8JsonWriter json, string id, string kind, long created, string model)
    {
        json.WriteString("id", id);
        json.WriteString("object", kind);
        json.WriteNumber("created", created);
        json.WriteString("model", model);
        json.WriteString("system_fingerprint", "fathom");
    }

    private static void Usage(Utf8JsonWriter json, TokenUsage usage)
    {
        json.WriteStartObject("usage");
        json.WriteNumber("prompt_tokens", usage.InputTokens);
        json.WriteNumber("completion_tokens", usage.OutputTokens);
        json.WriteNumber("total_tokens", usage.TotalTokens);
        json.WriteEndObject();
    }

    private static void Annotations(Utf8JsonWriter json, string content, IReadOnlyList<Reference> references)
    {
        json.WriteStartArray("annotations");
        var byIndex = references.ToDictionary(r => r.Index);
        foreach (Match match in Citation().Matches(content))
        {
            if (!int.TryParse(match.Groups[1].ValueSpan, out var n) || !byIndex.TryGetValue(n, out var reference))
            {
                continue;
            }

            json.WriteStartObject();
            json.WriteString("type", "url_citation");
            json.WriteStartObject("url_citation");
            json.WriteNumber("start_index", match.Index);
            json.WriteNumber("end_index", match.Index + match.Length);
            json.WriteString("url", reference.Url);
            json.WriteString("title", reference.Title);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    [GeneratedRegex(@"\[\[(\d+)\]\]")]
    private static partial Regex Citation();
}

/// <summary>What one streamed chunk carries.</summary>
internal sealed record ChunkDelta(bool Role = false, string? Content = null, string? Reasoning = null, IReadOnlyList<Reference>? References = null, bool Finished = false);
