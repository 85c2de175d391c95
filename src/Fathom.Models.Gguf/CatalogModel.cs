namespace Fathom.Models.Gguf;

/// <summary>A small GGUF model that <c>fathom models pull NAME</c> can download.</summary>
/// <param name="Name">The name to pull it by.</param>
/// <param name="Url">Where the file is served.</param>
/// <param name="FileName">The file's name on disk.</param>
/// <param name="Sha256">The file's SHA-256, when known ahead; otherwise the server's declared checksum is used.</param>
/// <param name="Description">What it is, for listings.</param>
public sealed record CatalogModel(string Name, Uri Url, string FileName, string? Sha256, string Description);
