namespace Fathom.Models.Gguf;

/// <summary>A downloaded model file.</summary>
/// <param name="Path">Where it is.</param>
/// <param name="Sha256">Its SHA-256, lower-case hex.</param>
/// <param name="Verified">Whether that matched a checksum known ahead or declared by the server.</param>
/// <param name="ResumedAt">The byte the download resumed at (0 for a fresh one, -1 when the file was already there).</param>
public sealed record PulledModel(string Path, string Sha256, bool Verified, long ResumedAt);
