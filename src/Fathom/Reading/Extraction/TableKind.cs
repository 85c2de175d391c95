using AngleSharp.Dom;

namespace Fathom.Reading.Extraction;

/// <summary>Tells data tables (kept as Markdown tables) from layout tables (walked as plain containers).</summary>
internal static class TableKind
{
    /// <summary>Whether <paramref name="table"/> holds data rather than lays out the page.</summary>
    public static bool IsDataTable(IElement table)
    {
        if (string.Equals(table.ReadAttribute("role"), "presentation", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (table.QuerySelector("table") is not null)
        {
            return false;
        }

        if (table.ReadAttribute("summary") is { Length: > 0 } || table.QuerySelector("caption,thead,th,col,colgroup,tfoot") is not null)
        {
            return true;
        }

        var rows = Rows(table);
        var columns = rows.Count == 0 ? 0 : rows.Max(r => Cells(r).Count);
        if (rows.Count == 1 || columns == 1)
        {
            return false;
        }

        return rows.Count >= 10 || columns > 4 || rows.Count * columns > 10 || (rows.Count > 1 && columns > 1);
    }

    /// <summary>The rows of <paramref name="table"/>, not those of tables nested in it.</summary>
    public static List<IElement> Rows(IElement table)
    {
        var rows = new List<IElement>();
        foreach (var child in ChildNodes.ElementsOf(table))
        {
            if (child.LocalName == "tr")
            {
                rows.Add(child);
            }
            else if (child.LocalName is "thead" or "tbody" or "tfoot")
            {
                foreach (var row in ChildNodes.ElementsOf(child))
                {
                    if (row.LocalName == "tr")
                    {
                        rows.Add(row);
                    }
                }
            }
        }

        return rows;
    }

    /// <summary>The cells of one row.</summary>
    public static List<IElement> Cells(IElement row)
    {
        var cells = new List<IElement>();
        foreach (var child in ChildNodes.ElementsOf(row))
        {
            if (child.LocalName is "td" or "th")
            {
                cells.Add(child);
            }
        }

        return cells;
    }
}
