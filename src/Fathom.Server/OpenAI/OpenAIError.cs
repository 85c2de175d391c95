using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Fathom.Server.OpenAI;

/// <summary>An error in OpenAI's shape: <c>{"error": {"message", "type", "param", "code"}}</c> with its HTTP status.</summary>
internal sealed record OpenAIError(int Status, string Message, string Type, string? Param = null, string? Code = null)
{
    public static OpenAIError InvalidApiKey() =>
        new(401, "Incorrect or missing API key: send Authorization: Bearer <key>, one of the server's keys (FATHOM_API_KEYS).", "invalid_request_error", null, "invalid_api_key");

    public static OpenAIError Invalid(string message, string? param = null) => new(400, message, "invalid_request_error", param);

    public static OpenAIError ModelNotFound(string model) =>
        new(404, $"The model '{model}' does not exist. Use {string.Join(" or ", OpenAIModels.Names.Select(n => $"'{n}'"))} (GET /v1/models lists them).", "invalid_request_error", "model", "model_not_found");

    public static OpenAIError RateLimited(int limit) =>
        new(429, $"This key already has {limit} runs going; wait for one to finish.", "rate_limit_error", null, "rate_limit_exceeded");

    public static OpenAIError Server(string message) => new(500, message, "server_error");

    public void WriteTo(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteStartObject("error");
        json.WriteString("message", Message);
        json.WriteString("type", Type);
        Nullable(json, "param", Param);
        Nullable(json, "code", Code);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    public async Task WriteAsync(HttpContext context)
    {
        context.Response.StatusCode = Status;
        context.Response.ContentType = "application/json";
        if (Status == 401)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }

        await using (var json = new Utf8JsonWriter(context.Response.BodyWriter))
        {
            WriteTo(json);
        }

        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    private static void Nullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
