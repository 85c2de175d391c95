namespace Fathom.Research;

/// <summary>A report as the writer produced it, before verification: Markdown with [[n]] citations.</summary>
public sealed record DraftReport(string Markdown);
