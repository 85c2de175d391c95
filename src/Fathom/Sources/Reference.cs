namespace Fathom.Sources;

/// <summary>A cited source in the final report, with the verbatim quotes the report rests on.</summary>
public sealed record Reference(int Index, string Url, string Title, string Description, IReadOnlyList<string> Quotes);
