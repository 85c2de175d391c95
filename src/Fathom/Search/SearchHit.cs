namespace Fathom.Search;

/// <summary>One search result.</summary>
/// <param name="Url">The page's address (or the local document's).</param>
/// <param name="Title">Its title.</param>
/// <param name="Snippet">A short extract shown to users and used to pick pages.</param>
/// <param name="Score">The provider's relevance score; only comparable within one provider.</param>
/// <param name="Provider">The provider that returned it.</param>
public sealed record SearchHit(string Url, string Title, string Snippet, double Score, string Provider);
