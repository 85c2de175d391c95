namespace Fathom.Reading.Web;

/// <summary>A cached response: where it ended up, what it is, its validators and its bytes.</summary>
public sealed record CachedPage(string FinalUrl, string? MediaType, string? Charset, string? ETag, string? LastModified, DateTimeOffset StoredAt, byte[] Body);
