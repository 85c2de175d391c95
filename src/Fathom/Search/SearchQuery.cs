namespace Fathom.Search;

/// <summary>One search: the text and how many results are wanted.</summary>
public sealed record SearchQuery(string Text, int MaxResults = 10, string? Language = null);
