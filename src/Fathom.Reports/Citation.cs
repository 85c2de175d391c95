namespace Fathom.Reports;

/// <summary>One citation in the text: the reference it names and the quote of that reference it rests on.</summary>
/// <param name="Reference">The reference's index, as the report writes it in <c>[[n]]</c>.</param>
/// <param name="Quote">The verbatim quote that best supports the cited text ("" when the reference has none).</param>
/// <param name="Source">The reference's title, and its site when known.</param>
/// <param name="Url">The source's address.</param>
public sealed record Citation(int Reference, string Quote, string Source, string Url)
{
    /// <summary>The anchor of the reference in every export: <c>ref-3</c>.</summary>
    public string Anchor => ReportAnchors.Reference(Reference);
}
