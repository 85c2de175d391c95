namespace Fathom.Reading.Documents;

/// <summary>A document read from disk for the local index: its address, title and plain text.</summary>
/// <param name="Key">Unique within its file (the line number for JSON Lines, empty otherwise).</param>
/// <param name="Url">The document's own URL when it has one (JSON documents), else a file:// URL.</param>
/// <param name="Title">Its title.</param>
/// <param name="Text">Its plain text, which quotes are taken from verbatim.</param>
public sealed record SourceDocument(string Key, string Url, string Title, string Text);
