namespace Fathom.Reading.Extraction;

/// <summary>The article content of one pass, as Markdown and plain text.</summary>
internal sealed record ExtractedContent(string Markdown, string Text)
{
    /// <summary>Joins <paramref name="blocks"/> into one document, blocks separated by blank lines.</summary>
    public static ExtractedContent From(IReadOnlyList<TextBlock> blocks) => new(
        string.Join("\n\n", blocks.Select(b => b.Markdown)),
        string.Join("\n\n", blocks.Where(b => b.Text.Length > 0).Select(b => b.Text)));
}
