using AngleSharp.Dom;

namespace Fathom.Reading.Extraction.Blocks;

/// <summary>
/// One run of text between block boundaries of a page (a paragraph, a heading, a list item, a table
/// cell, the loose text of a container), with the text nodes it was read from so that it can be
/// removed again, and the counts its features are computed from.
/// </summary>
internal sealed class ContentBlock(IElement element, int index, int depth)
{
    /// <summary>The innermost block-level element that holds the text.</summary>
    public IElement Element { get; } = element;

    /// <summary>Position of the block among the page's blocks.</summary>
    public int Index { get; } = index;

    /// <summary>Number of element ancestors above <see cref="Element"/>.</summary>
    public int Depth { get; } = depth;

    /// <summary>The text nodes the block was read from.</summary>
    public List<IText> Nodes { get; } = [];

    /// <summary>The block's text, white space collapsed.</summary>
    public string Text { get; set; } = string.Empty;

    /// <summary>Characters of the text that sit inside links.</summary>
    public int LinkChars { get; set; }

    /// <summary>Links that start inside the block.</summary>
    public int Links { get; set; }

    /// <summary>Words of the text: white-space separated, estimated from the characters in scripts written without spaces (<see cref="Fathom.Text.WordEstimate"/>).</summary>
    public int Words { get; set; }

    /// <summary>Whether the page hides the block (hidden attribute, aria-hidden, display:none).</summary>
    public bool Hidden { get; set; }

    /// <summary>Whether the rule-based article pass kept the block.</summary>
    public bool InArticle { get; set; }
}
