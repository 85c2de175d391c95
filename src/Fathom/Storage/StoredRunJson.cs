using System.Text.Json;
using Fathom.Research;
using Fathom.Sources;

namespace Fathom.Storage;

/// <summary>How every store writes what it keeps as JSON besides events (which <see cref="Events.FathomJson"/> writes): one form for all stores.</summary>
public static class StoredRunJson
{
    /// <summary>The request as stored.</summary>
    public static string Serialize(ResearchRequest request) => JsonSerializer.Serialize(request, StorageJsonContext.Default.ResearchRequest);

    /// <summary>A stored request.</summary>
    /// <exception cref="InvalidDataException">The text holds no request.</exception>
    public static ResearchRequest DeserializeRequest(string json, string runId) =>
        JsonSerializer.Deserialize(json, StorageJsonContext.Default.ResearchRequest)
        ?? throw new InvalidDataException($"Run '{runId}' has no stored request.");

    /// <summary>A report's references as stored.</summary>
    public static string Serialize(IReadOnlyList<Reference> references) => JsonSerializer.Serialize(references.ToList(), StorageJsonContext.Default.ListReference);

    /// <summary>Stored references.</summary>
    public static IReadOnlyList<Reference> DeserializeReferences(string json) => JsonSerializer.Deserialize(json, StorageJsonContext.Default.ListReference) ?? [];
}
