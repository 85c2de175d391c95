namespace Fathom.Reading.Extraction;

/// <summary>One block of article content, as Markdown and as plain text.</summary>
internal sealed record TextBlock(string Markdown, string Text, BlockKind Kind)
{
    /// <summary>This block with <paramref name="first"/> before its first line and <paramref name="rest"/> before the others.</summary>
    public TextBlock Indent(string first, string rest) =>
        this with { Markdown = first + Markdown.Replace("\n", "\n" + rest, StringComparison.Ordinal) };
}

/// <summary>What a block of content is.</summary>
internal enum BlockKind
{
    /// <summary>Running text.</summary>
    Paragraph,

    /// <summary>A heading.</summary>
    Heading,

    /// <summary>A list, all its items in one block.</summary>
    List,

    /// <summary>A data table.</summary>
    Table,

    /// <summary>Preformatted code.</summary>
    Code,

    /// <summary>Only images, no text.</summary>
    Image,
}
