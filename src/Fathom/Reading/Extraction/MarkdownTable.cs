using System.Text;
using AngleSharp.Dom;

namespace Fathom.Reading.Extraction;

/// <summary>
/// Writes a data table as a Markdown table (the first row as its header, cells with their inline
/// Markdown, pipes escaped) and as plain text, one row a line, cells separated by " | ".
/// </summary>
internal static class MarkdownTable
{
    /// <summary>The table as one block, or null when it has no content.</summary>
    public static TextBlock? Write(IElement table, Uri? baseUri)
    {
        var rows = new List<List<TextBlock>>();
        foreach (var row in TableKind.Rows(table))
        {
            var cells = new List<TextBlock>();
            foreach (var cell in TableKind.Cells(row))
            {
                var writer = new MarkdownWriter(baseUri);
                writer.WriteChildren(cell);
                cells.Add(new TextBlock(
                    string.Join(" ", writer.Blocks.Select(b => b.Markdown.Replace('\n', ' '))).Replace("|", "\\|", StringComparison.Ordinal),
                    string.Join(" ", writer.Blocks.Select(b => b.Text.Replace('\n', ' '))),
                    BlockKind.Paragraph));
            }

            if (cells.Any(c => c.Text.Length > 0 || c.Markdown.Length > 0))
            {
                rows.Add(cells);
            }
        }

        if (rows.Count == 0)
        {
            return null;
        }

        var columns = rows.Max(r => r.Count);
        var md = new StringBuilder();
        for (var i = 0; i < rows.Count; i++)
        {
            md.Append('|');
            for (var c = 0; c < columns; c++)
            {
                md.Append(' ').Append(c < rows[i].Count ? rows[i][c].Markdown : string.Empty).Append(" |");
            }

            md.Append('\n');
            if (i == 0)
            {
                md.Append('|');
                md.Insert(md.Length, " --- |", columns);
                md.Append('\n');
            }
        }

        var plain = string.Join('\n', rows.Select(r => string.Join(" | ", r.Select(c => c.Text).Where(t => t.Length > 0))).Where(l => l.Length > 0));
        return new TextBlock(md.ToString().TrimEnd(), plain, BlockKind.Table);
    }
}
