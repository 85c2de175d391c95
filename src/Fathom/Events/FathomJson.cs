using System.Text.Json;
using System.Text.Json.Serialization;
using Fathom.Research;

namespace Fathom.Events;

/// <summary>Source-generated JSON for everything Fathom writes: events, results, references.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(ResearchEvent))]
[JsonSerializable(typeof(List<ResearchEvent>))]
[JsonSerializable(typeof(ResearchResult))]
public sealed partial class FathomJsonContext : JsonSerializerContext;

/// <summary>Serialises events and results with the source-generated context.</summary>
public static class FathomJson
{
    /// <summary>One event as one line of JSON.</summary>
    public static string Serialize(ResearchEvent e) => JsonSerializer.Serialize(e, FathomJsonContext.Default.ResearchEvent);

    /// <summary>Reads an event written by <see cref="Serialize(ResearchEvent)"/>.</summary>
    public static ResearchEvent Deserialize(string json) =>
        JsonSerializer.Deserialize(json, FathomJsonContext.Default.ResearchEvent) ?? throw new JsonException("The event JSON was null.");

    /// <summary>The event's type as its JSON discriminator names it (<c>run_started</c>, <c>page_learned</c>…).</summary>
    public static string TypeName(ResearchEvent e) => TypeNames.TryGetValue(e.GetType(), out var name)
        ? name
        : throw new ArgumentException($"{e.GetType().Name} is not registered as a ResearchEvent type.", nameof(e));

    private static readonly Dictionary<Type, string> TypeNames = FathomJsonContext.Default.ResearchEvent.PolymorphismOptions!.DerivedTypes
        .ToDictionary(d => d.DerivedType, d => (string)d.TypeDiscriminator!);

    /// <summary>A result as indented JSON.</summary>
    public static string Serialize(ResearchResult result) =>
        JsonSerializer.Serialize(result, new FathomJsonContext(new JsonSerializerOptions(FathomJsonContext.Default.Options) { WriteIndented = true }).ResearchResult);
}
