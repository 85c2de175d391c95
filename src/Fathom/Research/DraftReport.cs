namespace Fathom.Research;

/// <summary>A report as the writer produced it, before verification: Markdown with [[n]] citations.</summary>
/// <param name="Markdown">The report.</param>
/// <param name="AddressesQuestion">
/// False when the writer found that the sources do not address the question and wrote a short
/// report that says so; hosts tell the user (the command line exits with its own code).
/// </param>
public sealed record DraftReport(string Markdown, bool AddressesQuestion = true);
