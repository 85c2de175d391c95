namespace Fathom.Research;

/// <summary>An image that comes with the question: an http(s) URL or a base64 data URI, and its media type.</summary>
public sealed record ImageInput(string Source, string MediaType);
