namespace Fathom.Reading.Extraction.Blocks;

/// <summary>
/// The kept headings that stand above a block, read in page order: a heading of level n replaces the
/// one of its level and ends every deeper one, as a document outline does. Two blocks are in the same
/// section when their outlines hold the same heading texts.
/// </summary>
internal sealed class SectionOutline
{
    private readonly string?[] headings = new string?[7];
    private string key = string.Empty;

    /// <summary>Takes <paramref name="block"/> into the outline where it is a heading.</summary>
    public void Read(ArticleBounds.Block block)
    {
        if (block.Heading is < 1 or > 6)
        {
            return;
        }

        headings[block.Heading] = block.Text;
        Array.Clear(headings, block.Heading + 1, headings.Length - block.Heading - 1);
        key = string.Join('\u0001', headings.Where(h => h is not null));
    }

    /// <summary><paramref name="text"/> as it stands in the current section: equal only to the same text under the same headings.</summary>
    public string Key(string text) => key.Length == 0 ? text : key + "\u0002" + text;
}
