using System.Text.Json.Serialization;

namespace Fathom.Server;

/// <summary>A stored run as <c>GET /api/v1/research/{id}</c> shows it.</summary>
internal sealed record RunView(
    string Id,
    string Status,
    string Model,
    string Question,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long LastEventId,
    bool Live,
    RunUsageView Usage,
    string? Report,
    IReadOnlyList<ReferenceView> References,
    string? Error,
    string RequestId);

/// <summary>Tokens spent by a run.</summary>
internal sealed record RunUsageView(long InputTokens, long OutputTokens);

/// <summary>A cited source with the verbatim quotes the report rests on.</summary>
internal sealed record ReferenceView(int IndexNumber, string Title, string Url, string Description, IReadOnlyList<string> Quotes);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(RunView))]
internal sealed partial class ServerJsonContext : JsonSerializerContext;
