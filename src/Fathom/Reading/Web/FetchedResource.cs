namespace Fathom.Reading.Web;

/// <summary>What a fetch brought back: the address it ended at (after redirects), its media type and charset, and its bytes.</summary>
public sealed record FetchedResource(Uri FinalUrl, string? MediaType, string? Charset, byte[] Body, bool FromCache);
