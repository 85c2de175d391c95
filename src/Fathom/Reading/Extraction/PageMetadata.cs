namespace Fathom.Reading.Extraction;

/// <summary>What a page says about its article outside the article text itself.</summary>
internal sealed record PageMetadata(string Title, string? Byline, string? Published, string? Language, Uri? BaseUri, string? JsonLdBody, JsonLdProduct? Product = null);
