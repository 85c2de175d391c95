using System.Runtime.InteropServices;
using AngleSharp.Dom;
using Fathom.Text;

namespace Fathom.Reading.Extraction.Blocks;

/// <summary>
/// The feature vector of each block that the block classifier reads: the block's own text (length,
/// link density, punctuation, digits), its element and the elements around it (tag path, class and
/// id names by family, the size and link density of its containers), its position on the page, its
/// neighbours, how often its structure repeats (the items of a listing), whether the rule-based
/// article pass kept it, the page's own signals, and what the words of the names above it say as
/// learned from the training pages (<see cref="NameEvidence"/>).
/// </summary>
internal static class BlockFeatures
{
    private static readonly string[] OwnNames =
    [
        "words", "chars", "link_ratio", "links", "punct_per_word", "ends_sentence", "digit_ratio", "capital_ratio",
        "word_length", "has_price", "has_year", "hidden", "in_article", "comma_per_word", "short",
        "title_overlap", "heading_level", "prev2_words", "next2_words",
    ];

    private static readonly string[] Tags =
    [
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "pre", "div", "blockquote", "dt", "dd", "figcaption",
        "section", "article", "main", "label", "button", "header", "footer", "nav", "aside", "tr", "caption", "summary",
        "form", "body", "address", "figure", "ul", "ol", "table",
    ];

    private static readonly string[] AncestorTags =
    [
        "nav", "header", "footer", "aside", "form", "main", "article", "table", "ul", "ol", "li", "blockquote", "pre",
        "code", "dl", "figure", "details", "a", "button", "section", "label", "time", "noscript",
    ];

    private static readonly string[] ContextNames =
    [
        "depth", "rel_index", "rel_offset", "from_h1", "after_h1",
        "p1_words", "p1_link", "p1_blocks", "p1_share", "p2_words", "p2_link", "p2_blocks", "p2_share", "p3_words", "p3_link", "p3_blocks", "p3_share",
        "prev_words", "prev_link", "prev_article", "prev_heading", "next_words", "next_link", "next_article", "next_heading",
        "sig_count", "sig_share", "same_tag_siblings", "article_ancestor_share",
        "page_words", "page_blocks", "page_link_ratio", "page_article_share",
    ];

    /// <summary>Names of all features, in vector order.</summary>
    public static readonly string[] Names =
    [
        .. OwnNames,
        .. Tags.Select(t => "tag_" + t),
        .. AncestorTags.Select(t => "in_" + t),
        .. NameGroups.Names.Select(g => "near_" + g),
        .. ContextNames,
        .. PageSignals.Names,
        .. NameEvidence.Names,
    ];

    private static readonly Dictionary<string, int> TagIndex = Tags.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i, StringComparer.Ordinal);

    private static readonly Dictionary<string, int> AncestorIndex = AncestorTags.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i, StringComparer.Ordinal);

    /// <summary>Where the features of <see cref="NameEvidence"/> start in each vector.</summary>
    public static readonly int NameEvidenceOffset = Names.Length - NameEvidence.Names.Length;

    /// <summary>
    /// The feature vectors of <paramref name="blocks"/>, one per block, with <paramref name="page"/> appended
    /// to each and what <paramref name="names"/> reads of the names above each block last.
    /// </summary>
    public static float[][] Compute(IReadOnlyList<ContentBlock> blocks, float[] page, string title, NameEvidence names)
    {
        var titleWords = Fathom.Text.Words.Tokens(title).ToHashSet(StringComparer.Ordinal);
        var subtree = new Dictionary<IElement, ContainerStats>();
        var pageWords = 0;
        var pageLink = 0;
        var pageChars = 0;
        var articleWords = 0;
        var h1 = -1;
        var signatures = new Dictionary<string, (int Count, int Words)>(StringComparer.Ordinal);
        var blockSignatures = new string[blocks.Count];
        var siblings = new Dictionary<(IElement Parent, string Tag), int>();
        for (var i = 0; i < blocks.Count; i++)
        {
            var b = blocks[i];
            pageWords += b.Words;
            pageChars += b.Text.Length;
            pageLink += b.LinkChars;
            articleWords += b.InArticle ? b.Words : 0;
            if (h1 < 0 && b.Element.LocalName == "h1")
            {
                h1 = i;
            }

            // One look-up per container (a block adds to every container above it).
            for (var e = b.Element; e is not null; e = e.ParentElement)
            {
                ref var s = ref CollectionsMarshal.GetValueRefOrAddDefault(subtree, e, out _);
                s = new ContainerStats(s.Words + b.Words, s.Chars + b.Text.Length, s.LinkChars + b.LinkChars, s.Blocks + 1, s.ArticleWords + (b.InArticle ? b.Words : 0));
            }

            var signature = Signature(b.Element);
            blockSignatures[i] = signature;
            ref var known = ref CollectionsMarshal.GetValueRefOrAddDefault(signatures, signature, out _);
            known = (known.Count + 1, known.Words + b.Words);
        }

        var nearness = new Dictionary<IElement, byte[]>();
        var vectors = new float[blocks.Count][];
        var offset = 0;
        for (var i = 0; i < blocks.Count; i++)
        {
            var b = blocks[i];
            var f = new float[Names.Length];
            var k = Own(b, f);
            f[k++] = TitleOverlap(b.Text, titleWords);
            f[k++] = HtmlTags.HeadingLevel(b.Element.LocalName);
            f[k++] = i > 1 ? Log(blocks[i - 2].Words) : 0;
            f[k++] = i + 2 < blocks.Count ? Log(blocks[i + 2].Words) : 0;
            if (TagIndex.TryGetValue(b.Element.LocalName, out var tag))
            {
                f[k + tag] = 1;
            }

            k += Tags.Length;
            for (var e = b.Element; e is not null; e = e.ParentElement)
            {
                if (AncestorIndex.TryGetValue(e.LocalName, out var a))
                {
                    f[k + a] = 1;
                }
            }

            k += AncestorTags.Length;
            var near = Nearness(b.Element, nearness);
            for (var g = 0; g < near.Length; g++)
            {
                f[k + g] = near[g] == byte.MaxValue ? 0 : 1f / (1 + near[g]);
            }

            k += NameGroups.Names.Length;
            f[k++] = b.Depth;
            f[k++] = blocks.Count > 1 ? (float)i / (blocks.Count - 1) : 0;
            f[k++] = pageChars > 0 ? (float)offset / pageChars : 0;
            f[k++] = h1 < 0 ? 0 : (float)(i - h1) / blocks.Count;
            f[k++] = h1 < 0 ? 0.5f : i >= h1 ? 1 : 0;
            var container = b.Element;
            for (var level = 0; level < 3; level++)
            {
                container = container.ParentElement ?? container;
                var s = subtree.GetValueOrDefault(container);
                f[k++] = Log(s.Words);
                f[k++] = s.Chars > 0 ? (float)s.LinkChars / s.Chars : 0;
                f[k++] = Log(s.Blocks);
                f[k++] = pageWords > 0 ? (float)s.Words / pageWords : 0;
            }

            k = Neighbour(i > 0 ? blocks[i - 1] : null, f, k);
            k = Neighbour(i + 1 < blocks.Count ? blocks[i + 1] : null, f, k);
            var sig = signatures[blockSignatures[i]];
            f[k++] = Log(sig.Count);
            f[k++] = pageWords > 0 ? (float)sig.Words / pageWords : 0;
            f[k++] = Log(SameTagSiblings(b.Element, siblings));
            f[k++] = ArticleShareAbove(b.Element, subtree);
            f[k++] = Log(pageWords);
            f[k++] = Log(blocks.Count);
            f[k++] = pageChars > 0 ? (float)pageLink / pageChars : 0;
            f[k++] = pageWords > 0 ? (float)articleWords / pageWords : 0;
            Array.Copy(page, 0, f, k, page.Length);
            vectors[i] = f;
            offset += b.Text.Length;
        }

        names.Fill(blocks, vectors, NameEvidenceOffset);
        return vectors;
    }

    /// <summary>The share of the block's words that are words of the page title (a product's name, a thread's subject).</summary>
    /// <remarks>Words as <see cref="Fathom.Text.Words.Tokens"/> cuts them (runs of word characters, lower-cased; pairs of Chinese or Japanese characters), read without allocating.</remarks>
    internal static float TitleOverlap(string text, HashSet<string> titleWords)
    {
        if (titleWords.Count == 0 || text.Length > 300)
        {
            return 0;
        }

        var lookup = titleWords.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> lower = stackalloc char[300];
        int words = 0, shared = 0, i = 0;
        while (i < text.Length)
        {
            if (!IsWordChar(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && IsWordChar(text[i]))
            {
                i++;
            }

            foreach (var piece in new Fathom.Text.WordPieces(text.AsSpan(start, i - start)))
            {
                var length = piece.ToLowerInvariant(lower);
                words++;
                shared += lookup.Contains(lower[..length]) ? 1 : 0;
            }
        }

        return words == 0 ? 0 : (float)shared / words;
    }

    /// <summary>What the regular expression <c>\w</c> matches: letters, non-spacing marks, decimal digits, connectors.</summary>
    private static bool IsWordChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c == '_' || (c > 127 && char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.UppercaseLetter
            or System.Globalization.UnicodeCategory.LowercaseLetter or System.Globalization.UnicodeCategory.TitlecaseLetter
            or System.Globalization.UnicodeCategory.ModifierLetter or System.Globalization.UnicodeCategory.OtherLetter
            or System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.DecimalDigitNumber
            or System.Globalization.UnicodeCategory.ConnectorPunctuation);

    private static int Own(ContentBlock b, float[] f)
    {
        var text = b.Text;
        int punct = 0, digits = 0, capitals = 0, commas = 0, letters = 0;
        var wordStart = true;
        var hasPrice = false;
        var hasYear = false;
        var run = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (Punctuation.EndsSentence(c) || (Punctuation.SeparatesClauses(c) && !Punctuation.IsComma(c)))
            {
                punct++;
            }
            else if (Punctuation.IsComma(c))
            {
                commas++;
            }

            if (char.IsDigit(c))
            {
                digits++;
                run++;
                if (run == 4 && (i < 4 || !char.IsDigit(text[i - 4])) && (i + 1 >= text.Length || !char.IsDigit(text[i + 1])) && text[i - 3] is '1' or '2')
                {
                    hasYear = true;
                }
            }
            else
            {
                run = 0;
            }

            if (c is '$' or '€' or '£' or '¥' or '₹' && i + 1 < text.Length && (char.IsDigit(text[i + 1]) || (text[i + 1] == ' ' && i + 2 < text.Length && char.IsDigit(text[i + 2]))))
            {
                hasPrice = true;
            }

            if (char.IsLetter(c))
            {
                letters++;
                if (wordStart && char.IsUpper(c))
                {
                    capitals++;
                }
            }

            wordStart = c == ' ';
        }

        var last = text[^1];
        var k = 0;
        f[k++] = Log(b.Words);
        f[k++] = Log(Fathom.Text.WordEstimate.Length(text)); // in characters of spaced text, as the word count is in words
        f[k++] = (float)b.LinkChars / text.Length;
        f[k++] = Log(b.Links);
        f[k++] = (float)punct / b.Words;
        f[k++] = Punctuation.EndsSentence(last) || Punctuation.ClosesQuotation(last) || last is ':' or '：' ? 1 : 0;
        f[k++] = (float)digits / text.Length;
        f[k++] = (float)capitals / b.Words;
        f[k++] = (float)letters / b.Words;
        f[k++] = hasPrice ? 1 : 0;
        f[k++] = hasYear ? 1 : 0;
        f[k++] = b.Hidden ? 1 : 0;
        f[k++] = b.InArticle ? 1 : 0;
        f[k++] = (float)commas / b.Words;
        f[k++] = b.Words <= 3 ? 1 : 0;
        return k;
    }

    private static int Neighbour(ContentBlock? n, float[] f, int k)
    {
        f[k++] = n is null ? 0 : Log(n.Words);
        f[k++] = n is null ? 0 : (float)n.LinkChars / n.Text.Length;
        f[k++] = n is { InArticle: true } ? 1 : 0;
        f[k++] = n is not null && HtmlTags.HeadingLevel(n.Element.LocalName) > 0 ? 1 : 0;
        return k;
    }

    /// <summary>How far up the nearest element of each name group is (0: the block's own element; 255: none).</summary>
    private static byte[] Nearness(IElement e, Dictionary<IElement, byte[]> memo)
    {
        if (memo.TryGetValue(e, out var known))
        {
            return known;
        }

        var above = e.ParentElement is { } parent ? Nearness(parent, memo) : null;
        var bits = NameGroups.Of(e);
        var near = new byte[NameGroups.Names.Length];
        for (var g = 0; g < near.Length; g++)
        {
            near[g] = (bits & (1 << g)) != 0 ? (byte)0 : above is null || above[g] == byte.MaxValue ? byte.MaxValue : (byte)Math.Min(254, above[g] + 1);
        }

        memo[e] = near;
        return near;
    }

    /// <summary>The block's tag with its parent's and grandparent's tags and first class names: the shape of a repeated item.</summary>
    internal static string Signature(IElement e)
    {
        var parent = e.ParentElement;
        var grand = parent?.ParentElement;
        return string.Concat(e.LocalName, ".", FirstClass(e), "<", parent?.LocalName, ".", FirstClass(parent), "<", grand?.LocalName, ".", FirstClass(grand));
    }

    private static string FirstClass(IElement? e)
    {
        var cls = e?.ReadAttribute("class");
        if (string.IsNullOrEmpty(cls))
        {
            return string.Empty;
        }

        var space = cls.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? cls : cls[..space];
    }

    /// <summary>How many children of the element's parent share its tag (counted once per parent and tag: a list of a thousand items is walked once, not a thousand times).</summary>
    private static int SameTagSiblings(IElement e, Dictionary<(IElement Parent, string Tag), int> memo)
    {
        if (e.ParentElement is not { } parent)
        {
            return 0;
        }

        if (memo.TryGetValue((parent, e.LocalName), out var known))
        {
            return known;
        }

        var count = 0;
        foreach (var s in ChildNodes.ElementsOf(parent))
        {
            if (s.LocalName == e.LocalName)
            {
                count++;
            }
        }

        memo[(parent, e.LocalName)] = count;
        return count;
    }

    /// <summary>The largest share of article words among the block's containers up to five levels up.</summary>
    private static float ArticleShareAbove(IElement e, Dictionary<IElement, ContainerStats> subtree)
    {
        var best = 0f;
        var level = 0;
        for (var c = e; c is not null && level < 5; c = c.ParentElement, level++)
        {
            var s = subtree.GetValueOrDefault(c);
            if (s.Words > 0)
            {
                best = Math.Max(best, (float)s.ArticleWords / s.Words);
            }
        }

        return best;
    }

    private static float Log(int count) => MathF.Log(1 + count);

    private readonly record struct ContainerStats(int Words, int Chars, int LinkChars, int Blocks, int ArticleWords);
}
