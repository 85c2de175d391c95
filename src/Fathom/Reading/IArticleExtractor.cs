namespace Fathom.Reading;

/// <summary>Finds the main content of an HTML page and drops the boilerplate around it.</summary>
public interface IArticleExtractor
{
    /// <summary>Extracts the article of <paramref name="html"/>; <paramref name="url"/> resolves relative links.</summary>
    Article Extract(string html, string? url = null);
}

/// <summary>A page's main content as plain text (what quotes are taken from) and as Markdown.</summary>
/// <remarks><see cref="Type"/> is the kind of page, where the extractor recognises it.</remarks>
public sealed record Article(string Title, string Text, string Markdown, string? Byline = null, string? Published = null, string? Language = null, PageType? Type = null);
