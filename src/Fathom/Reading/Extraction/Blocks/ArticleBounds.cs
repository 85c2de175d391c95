using System.Runtime.InteropServices;
using AngleSharp.Dom;
using Fathom.Text;

namespace Fathom.Reading.Extraction.Blocks;

/// <summary>
/// Whether the rule-based article pass should bound what the classifier keeps of a page taken for an
/// article. Bounding removes the teasers and related stories around a news story (they read like
/// prose block by block), but where the rule pass chose too small a container (the first section of
/// a long guide, one review of a round-up) it cuts most of the article away. Which of the two a page
/// is shows in how the kept text lies around the rule pass's region: these numbers describe it, and
/// a small trained scorer (<c>article-bounds.model</c>) reads them. Training: <c>docs/page-extraction.md</c>.
/// </summary>
internal static class ArticleBounds
{
    /// <summary>The features' names, in order.</summary>
    public static readonly string[] Names =
    [
        "kept_words_log", "region_words_log", "page_words_log",
        "kept_in_region_share", "region_kept_share",
        "outside_before_share", "outside_after_share",
        "outside_headings", "outside_top_headings", "outside_blocks_share",
        "outside_margin", "inside_margin", "outside_link_share",
        "article_elements", "outside_article_elements",
        "region_outside_cosine", "title_in_region", "title_in_outside",
        "outside_runs", "outside_words_per_block_log", "region_words_per_block_log", "outside_largest_run_share",
        "outside_gap_log", "outside_link_blocks_share", "outside_excerpt_share",
    ];

    /// <summary>Words of kept text the rule pass must share with the classifier before it bounds an article.</summary>
    public const int ArticleWords = 80;

    /// <summary>What the decision reads of each block.</summary>
    public static Block[] Of(IReadOnlyList<ContentBlock> blocks)
    {
        var articles = new Dictionary<IElement, int>();
        var result = new Block[blocks.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var block = blocks[i];
            // One walk up finds the innermost article element and whether a quotation holds the block.
            var article = -1;
            var quoted = false;
            for (var e = block.Element; e is not null; e = e.ParentElement)
            {
                if (article < 0 && e.LocalName == "article")
                {
                    article = articles.TryGetValue(e, out var n) ? n : articles[e] = articles.Count;
                }

                quoted |= RepeatedBlocks.IsQuotation(e);
            }

            var tag = block.Element.LocalName;
            var heading = tag.Length == 2 && tag[0] == 'h' && tag[1] is >= '1' and <= '6' ? tag[1] - '0' : 0;
            result[i] = new Block(block.InArticle, block.Words, block.LinkChars, block.Text, heading, article, quoted);
        }

        return result;
    }

    /// <summary>
    /// Bounds <paramref name="keep"/> by the rule pass's region: only blocks inside it stay, where the
    /// rule pass shares enough kept text with the classifier (otherwise it found little of the page
    /// and the classifier alone decides).
    /// </summary>
    public static void Apply(bool[] keep, IReadOnlyList<Block> blocks)
    {
        var inArticle = 0;
        for (var i = 0; i < keep.Length; i++)
        {
            inArticle += keep[i] && blocks[i].InArticle ? blocks[i].Words : 0;
        }

        if (inArticle < ArticleWords)
        {
            return;
        }

        for (var i = 0; i < keep.Length; i++)
        {
            keep[i] &= blocks[i].InArticle;
        }
    }

    /// <summary>
    /// The features of a page from its blocks, their scores, the threshold above which a block is kept,
    /// and the page's title (the rest of one article shares its words with the title and the region;
    /// other stories do not).
    /// </summary>
    public static float[] Features(IReadOnlyList<Block> blocks, IReadOnlyList<float> scores, float threshold, string? title)
    {
        int kept = 0, region = 0, page = 0, keptInRegion = 0, before = 0, after = 0;
        int outsideHeadings = 0, outsideTop = 0, keptBlocks = 0, outsideBlocks = 0, outsideLinkChars = 0, outsideChars = 0;
        double outsideMargin = 0, insideMargin = 0;
        var first = -1;
        var last = -1;
        for (var i = 0; i < blocks.Count; i++)
        {
            if (blocks[i].InArticle)
            {
                first = first < 0 ? i : first;
                last = i;
            }
        }

        var articles = new HashSet<int>();
        var outsideArticles = new HashSet<int>();
        var regionBag = new Dictionary<string, int>(StringComparer.Ordinal);
        var outsideBag = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i];
            var words = block.Words;
            page += words;
            region += block.InArticle ? words : 0;
            if (scores[i] <= threshold)
            {
                continue;
            }

            kept += words;
            keptBlocks++;
            if (block.Article >= 0)
            {
                articles.Add(block.Article);
            }

            if (block.InArticle)
            {
                keptInRegion += words;
                insideMargin += words * (scores[i] - threshold);
                Count(regionBag, block.Text);
                continue;
            }

            outsideBlocks++;
            outsideMargin += words * (scores[i] - threshold);
            outsideLinkChars += block.LinkChars;
            outsideChars += block.Text.Length;
            Count(outsideBag, block.Text);
            before += i < first ? words : 0;
            after += i > last ? words : 0;
            outsideHeadings += block.Heading > 0 ? 1 : 0;
            outsideTop += block.Heading is > 0 and <= 2 ? 1 : 0;
            if (block.Article >= 0)
            {
                outsideArticles.Add(block.Article);
            }
        }

        // How the kept text outside the region lies: in how many runs (kept outside blocks with no
        // other text between them), in blocks how long against the region's (teasers are short, the
        // rest of a guide is not), and how near the region its nearest block is.
        int runs = 0, runWords = 0, largestRun = 0, linkBlocks = 0, excerptWords = 0, gap = int.MaxValue;
        var inRun = false;
        for (var i = 0; i < blocks.Count; i++)
        {
            var outsideHere = scores[i] > threshold && !blocks[i].InArticle;
            if (outsideHere)
            {
                runs += inRun ? 0 : 1;
                runWords = inRun ? runWords + blocks[i].Words : blocks[i].Words;
                largestRun = Math.Max(largestRun, runWords);
                linkBlocks += 2 * blocks[i].LinkChars > blocks[i].Text.Length ? 1 : 0;
                excerptWords += IsExcerpt(blocks[i].Text) ? blocks[i].Words : 0;
                gap = Math.Min(gap, first < 0 ? 0 : i < first ? first - i : i > last ? i - last : 0);
            }

            inRun = outsideHere || (inRun && blocks[i].Words == 0);
        }

        var outside = kept - keptInRegion;
        return
        [
            MathF.Log(1 + kept), MathF.Log(1 + region), MathF.Log(1 + page),
            Share(keptInRegion, kept), Share(keptInRegion, region),
            Share(before, kept), Share(after, kept),
            outsideHeadings, outsideTop, Share(outsideBlocks, keptBlocks),
            outside == 0 ? 0 : (float)(outsideMargin / outside), keptInRegion == 0 ? 0 : (float)(insideMargin / keptInRegion),
            Share(outsideLinkChars, outsideChars),
            articles.Count, outsideArticles.Count,
            Cosine(regionBag, outsideBag), TitleShare(title, regionBag), TitleShare(title, outsideBag),
            runs, MathF.Log(1 + Share(outside, outsideBlocks)), MathF.Log(1 + Share(keptInRegion, keptBlocks - outsideBlocks)), Share(largestRun, outside),
            gap == int.MaxValue ? -1 : MathF.Log(1 + gap), Share(linkBlocks, outsideBlocks), Share(excerptWords, outside),
        ];
    }

    /// <summary>
    /// Adds the content words of <paramref name="text"/> to <paramref name="bag"/> (as <see cref="Words.ContentTokens"/>
    /// cuts them, in the same order): each lower-cased into a buffer and looked up as such, so that a
    /// string is made only for a word the bag has not seen.
    /// </summary>
    private static void Count(Dictionary<string, int> bag, string text)
    {
        var lookup = bag.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> buffer = stackalloc char[64];
        foreach (var m in Words.WordPattern().EnumerateMatches(text))
        {
            var word = text.AsSpan(m.Index, m.Length);
            var lower = word.Length <= buffer.Length ? buffer[..word.Length] : new char[word.Length];
            word.ToLowerInvariant(lower);
            if (!Words.IsStopWord(lower))
            {
                CollectionsMarshal.GetValueRefOrAddDefault(lookup, lower, out _)++;
            }
        }
    }

    private static float Cosine(Dictionary<string, int> a, Dictionary<string, int> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }

        double dot = 0, na = 0, nb = 0;
        foreach (var (word, n) in a)
        {
            na += (double)n * n;
            dot += b.TryGetValue(word, out var m) ? (double)n * m : 0;
        }

        foreach (var n in b.Values)
        {
            nb += (double)n * n;
        }

        return (float)(dot / Math.Sqrt(na * nb));
    }

    private static float TitleShare(string? title, Dictionary<string, int> bag)
    {
        var words = Words.ContentTokens(title).Distinct(StringComparer.Ordinal).ToList();
        return words.Count == 0 ? 0 : (float)words.Count(bag.ContainsKey) / words.Count;
    }

    /// <summary>Whether a text is cut off with an ellipsis: an excerpt of a text shown elsewhere (a teaser of another story).</summary>
    private static bool IsExcerpt(string text) => text.EndsWith('…') || text.EndsWith("...", StringComparison.Ordinal);

    private static float Share(int part, int whole) => whole == 0 ? 0 : (float)part / whole;

    /// <summary>
    /// What the decision reads of one block: whether the rule pass kept it, its words, link and all
    /// characters, its text, its heading level (0: not a heading), which <c>article</c> element holds
    /// it (-1: none), and whether it sits in a quotation (<see cref="RepeatedBlocks"/>).
    /// </summary>
    internal readonly record struct Block(bool InArticle, int Words, int LinkChars, string Text, int Heading, int Article, bool Quoted = false);
}
