using System.Text.Json.Serialization;
using Fathom.Research;
using Fathom.Sources;

namespace Fathom.Storage;

/// <summary>Source-generated JSON for what the store keeps besides events.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(ResearchRequest))]
[JsonSerializable(typeof(List<Reference>))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;
