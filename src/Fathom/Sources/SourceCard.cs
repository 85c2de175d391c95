namespace Fathom.Sources;

/// <summary>A source as shown while researching: its stable number, address, title and a short description.</summary>
public sealed record SourceCard(int Number, string Url, string Title, string Description);
