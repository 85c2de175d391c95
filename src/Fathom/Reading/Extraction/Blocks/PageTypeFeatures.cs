namespace Fathom.Reading.Extraction.Blocks;

/// <summary>
/// The features the page-type classifier reads: the page's own signals and the shape of its blocks
/// (how much is prose, links, list items, table cells, code, repeated structure, and how much the
/// rule-based article pass kept).
/// </summary>
internal static class PageTypeFeatures
{
    /// <summary>Names of the features, in vector order.</summary>
    public static readonly string[] Names =
    [
        .. PageSignals.Names,
        "words", "blocks", "link_share", "article_share", "li_share", "td_share", "pre_share", "heading_share",
        "p_share", "long_blocks", "price_blocks", "repeat_share", "year_blocks", "short_share", "h2_blocks",
    ];

    /// <summary>The page-type features of a page: its signals and its blocks' features.</summary>
    public static float[] Compute(float[] page, IReadOnlyList<ContentBlock> blocks, float[][] blockFeatures)
    {
        var f = new float[Names.Length];
        Array.Copy(page, f, page.Length);
        var k = page.Length;
        float words = 0, link = 0, chars = 0, article = 0, li = 0, td = 0, pre = 0, heading = 0, p = 0, longBlocks = 0, prices = 0, repeat = 0, years = 0, shortBlocks = 0, h2 = 0;
        var priceIndex = Array.IndexOf(BlockFeatures.Names, "has_price");
        var yearIndex = Array.IndexOf(BlockFeatures.Names, "has_year");
        var sigIndex = Array.IndexOf(BlockFeatures.Names, "sig_count");
        for (var i = 0; i < blocks.Count; i++)
        {
            var b = blocks[i];
            words += b.Words;
            chars += b.Text.Length;
            link += b.LinkChars;
            article += b.InArticle ? b.Words : 0;
            var name = b.Element.LocalName;
            li += name == "li" ? b.Words : 0;
            td += name is "td" or "th" ? b.Words : 0;
            pre += name == "pre" ? b.Words : 0;
            heading += HtmlTags.HeadingLevel(name) > 0 ? 1 : 0;
            h2 += name == "h2" ? 1 : 0;
            p += name == "p" ? b.Words : 0;
            longBlocks += b.Words >= 30 ? 1 : 0;
            shortBlocks += b.Words <= 3 ? 1 : 0;
            prices += blockFeatures[i][priceIndex];
            years += blockFeatures[i][yearIndex];
            repeat += blockFeatures[i][sigIndex] >= MathF.Log(6) ? b.Words : 0;
        }

        var n = Math.Max(1, blocks.Count);
        var w = Math.Max(1, words);
        f[k++] = MathF.Log(1 + words);
        f[k++] = MathF.Log(1 + blocks.Count);
        f[k++] = chars > 0 ? link / chars : 0;
        f[k++] = article / w;
        f[k++] = li / w;
        f[k++] = td / w;
        f[k++] = pre / w;
        f[k++] = heading / n;
        f[k++] = p / w;
        f[k++] = MathF.Log(1 + longBlocks);
        f[k++] = MathF.Log(1 + prices);
        f[k++] = repeat / w;
        f[k++] = MathF.Log(1 + years);
        f[k++] = shortBlocks / n;
        f[k++] = MathF.Log(1 + h2);
        return f;
    }
}
