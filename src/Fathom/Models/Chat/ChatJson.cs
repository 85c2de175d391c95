using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.AI;

namespace Fathom.Models.Chat;

/// <summary>Reads structured answers: finds the JSON object in what the model wrote, parses it and validates it.</summary>
internal static class ChatJson
{
    private static readonly ConcurrentDictionary<Type, JsonElement> Schemas = new();

    /// <summary>The JSON schema of <typeparamref name="T"/>, as sent in the response format.</summary>
    public static JsonElement Schema<T>(JsonTypeInfo<T> type) =>
        Schemas.GetOrAdd(typeof(T), t => AIJsonUtilities.CreateJsonSchema(t, serializerOptions: type.Options));

    /// <summary>The answer as <typeparamref name="T"/>, or what is wrong with it.</summary>
    public static (T? Value, string? Problem) Parse<T>(string text, JsonTypeInfo<T> type, Func<T, string?>? validate = null)
        where T : class
    {
        var json = ObjectIn(text);
        if (json is null)
        {
            return (null, "the answer holds no JSON object");
        }

        T? value;
        try
        {
            value = JsonSerializer.Deserialize(json, type);
        }
        catch (JsonException ex)
        {
            return (null, $"the answer is not valid JSON ({ex.Message.Split('\n')[0]})");
        }

        if (value is null)
        {
            return (null, "the answer is an empty JSON value");
        }

        return validate?.Invoke(value) is { } problem ? (null, problem) : (value, null);
    }

    /// <summary>The outermost JSON object in an answer that may wrap it in prose or a code fence.</summary>
    private static string? ObjectIn(string text)
    {
        var start = text.IndexOf('{', StringComparison.Ordinal);
        var end = text.LastIndexOf('}');
        return start >= 0 && end > start ? text[start..(end + 1)] : null;
    }
}
