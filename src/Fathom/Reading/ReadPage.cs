namespace Fathom.Reading;

/// <summary>A page's main text, ready to learn from. Quotes are taken verbatim from <see cref="Text"/>.</summary>
public sealed record ReadPage(string Url, string Title, string Text, string? Markdown = null);
