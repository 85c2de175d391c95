using AngleSharp.Dom;
using Fathom.Reading.Extraction.Blocks;
using Fathom.Text;

namespace Fathom.Reading.Extraction;

/// <summary>
/// Reads the main content of any kind of page (article, forum thread, product, collection, listing,
/// documentation, service page): cuts the page into blocks, recognises the kind of page, keeps the
/// blocks a trained classifier scores as main content, and writes them as Markdown and plain text
/// with the page's structure (headings, lists, tables, code). The models are trained from a
/// multi-type page set with cross-validation (<c>docs/page-extraction.md</c>).
/// </summary>
public sealed class PageExtractor : IArticleExtractor
{
    /// <summary>Below this many characters the classifier is taken to have missed an article.</summary>
    private const int FallbackChars = 200;

    /// <summary>
    /// Below this many characters the classifier is taken to have kept nothing of a page of another
    /// kind (a forum thread, a product or a listing may be short; a page read as empty is not).
    /// </summary>
    private const int NothingChars = 50;

    private readonly ExtractionModels models;

    /// <summary>An extractor with the models built into the engine.</summary>
    public PageExtractor()
        : this(ExtractionModels.Default)
    {
    }

    internal PageExtractor(ExtractionModels models) => this.models = models;

    /// <inheritdoc />
    public Article Extract(string html, string? url = null)
    {
        ArgumentNullException.ThrowIfNull(html);
        var article = Extract(PageAnalysis.Of(html, url, models.Names));
        return WithFallback(article, html, url);
    }

    /// <summary>
    /// Where the classifier kept next to nothing of an article (a layout unlike any it learned from),
    /// the rule-based article extractor's reading, if it finds more. Of a page of another kind it
    /// kept nothing of, that reading where it finds a text of some length (a story taken for a
    /// listing); a short reading there is more often the menu of a page with no content in its markup.
    /// </summary>
    internal static Article WithFallback(Article article, string html, string? url)
    {
        var isArticle = article.Type == PageType.Article;
        // Lengths in characters of spaced text: a story in Chinese says as much in a quarter of the characters.
        var length = WordEstimate.Length(article.Text);
        if (length >= (isArticle ? FallbackChars : NothingChars))
        {
            return article;
        }

        var rules = new ArticleExtractor().Extract(html, url);
        var enough = isArticle ? length + 1 : FallbackChars;
        return WordEstimate.Length(rules.Text) >= enough ? rules with { Type = article.Type } : article;
    }

    /// <summary>The article of an analysed page (the analysis is consumed: its document is pruned).</summary>
    internal Article Extract(PageAnalysis page)
    {
        var (scores, threshold, type) = Score(page);
        return Compose(page, scores, threshold, type, type == PageType.Article && Bounded(page, scores, threshold));
    }

    /// <summary>
    /// The final score of every block of an analysed page, the threshold above which a block is kept,
    /// and the page type: the first stage's scores, or where a second (context) stage is shipped, its
    /// scores of each block's features with what the first stage's scores say around it.
    /// </summary>
    internal (float[] Scores, float Threshold, PageType Type) Score(PageAnalysis page)
    {
        var scores = new float[page.Blocks.Count];
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = models.Blocks.Score(page.Features[i]);
        }

        var typeScores = TypeScores(page.TypeFeatures);
        var type = Classify(typeScores);
        if (models.Context is not { } context)
        {
            return (scores, models.Blocks.Threshold, type);
        }

        var stacked = ContextFeatures.Compute(BlockLayout.Of(page.Blocks), page.Features, scores, models.Blocks.Threshold, typeScores);
        var final = new float[scores.Length];
        for (var i = 0; i < final.Length; i++)
        {
            final[i] = context.Score(stacked[i]);
        }

        return (final, context.Threshold, type);
    }

    /// <summary>
    /// Whether the rule pass bounds what is kept of a page taken for an article: the article-bounds
    /// scorer's answer where one is shipped (it scores when the classifier alone should decide), else always.
    /// </summary>
    internal bool Bounded(PageAnalysis page, IReadOnlyList<float> scores, float threshold) =>
        models.Bounds is not { } bounds || bounds.Score(ArticleBounds.Features(page.Bounds, scores, threshold, page.Metadata.Title)) <= bounds.Threshold;

    /// <summary>Every page-type scorer's score of the page, in <see cref="ContextFeatures.TypeOrder"/> (a type without a scorer scores 0).</summary>
    internal float[] TypeScores(float[] typeFeatures)
    {
        var scores = new float[ContextFeatures.TypeOrder.Length];
        foreach (var scorer in models.PageTypes)
        {
            var t = Array.IndexOf(ContextFeatures.TypeOrder, scorer.Label);
            if (t >= 0)
            {
                scores[t] = scorer.Score(typeFeatures);
            }
        }

        return scores;
    }

    /// <summary>
    /// The article of an analysed page from its block scores and page type: what <see cref="Extract(string, string?)"/>
    /// returns, and what cross-validation writes from out-of-fold scores.
    /// </summary>
    internal static Article Compose(PageAnalysis page, IReadOnlyList<float> scores, float threshold, PageType type, bool bounded)
    {
        var content = Write(page, Keep(page, scores, threshold, type, bounded));

        // Pages rendered by script carry little text in their markup; their JSON-LD often has it all.
        content = JsonLdBody.Instead(page.Metadata.JsonLdBody, content) ?? content;

        // A product's own name and description, where the page declares them and the kept blocks lack them.
        if (type == PageType.Product && page.Metadata.Product?.MissingFrom(content.Text) is { Count: > 0 } missing)
        {
            content = new ExtractedContent(
                string.Join("\n\n", missing.Append(content.Markdown).Where(p => p.Length > 0)),
                string.Join("\n\n", missing.Append(content.Text).Where(p => p.Length > 0)));
        }

        var metadata = page.Metadata;
        return new Article(metadata.Title, content.Text, content.Markdown, metadata.Byline, metadata.Published, metadata.Language ?? LanguageGuesser.Guess(content.Text), type);
    }

    /// <summary>The page type whose scorer rates the page highest, from <see cref="TypeScores"/>.</summary>
    internal static PageType Classify(float[] typeScores)
    {
        var best = PageType.Article;
        var bestScore = float.NegativeInfinity;
        for (var t = 0; t < typeScores.Length; t++)
        {
            if (typeScores[t] > bestScore && Enum.TryParse<PageType>(ContextFeatures.TypeOrder[t], ignoreCase: true, out var type))
            {
                best = type;
                bestScore = typeScores[t];
            }
        }

        return best;
    }

    /// <summary>
    /// The blocks to keep: those the classifier scores above <paramref name="threshold"/>; where
    /// <paramref name="bounded"/>, on an article only those inside the containers the rule-based article
    /// pass chose (<see cref="ArticleBounds"/>); on a forum thread each kept post's author and date as well
    /// (<see cref="PostHeaders"/>); on a page of items each kept price's name and each kept name's price
    /// (<see cref="ItemCards"/>); a text the page repeats only once (<see cref="RepeatedBlocks"/>);
    /// nothing of a page whose scripts build it (<see cref="ScriptShell"/>).
    /// </summary>
    internal static bool[] Keep(PageAnalysis page, IReadOnlyList<float> scores, float threshold, PageType type, bool bounded)
    {
        var keep = new bool[scores.Count];
        if (ScriptShell.IsShell(page.Blocks))
        {
            return keep;
        }

        for (var i = 0; i < keep.Length; i++)
        {
            keep[i] = scores[i] > threshold;
        }

        if (type == PageType.Article && bounded)
        {
            ArticleBounds.Apply(keep, page.Bounds);
        }

        if (type == PageType.Forum)
        {
            PostHeaders.Keep(keep, page.Blocks);
        }

        if (type is PageType.Collection or PageType.Listing)
        {
            ItemCards.Keep(keep, page.Blocks);
        }

        if (RepeatedBlocks.MinWordsFor(type) is { } minWords)
        {
            RepeatedBlocks.Drop(keep, page.Bounds, minWords);
        }

        // An article's headline is its title, returned on its own, not the first line of its text.
        var first = Array.IndexOf(keep, true);
        if (type == PageType.Article && first >= 0 && page.Blocks[first].Element.LocalName == "h1"
            && TitleHeadings.IsTitle(Fathom.Text.Words.Tokens(page.Blocks[first].Text), Fathom.Text.Words.Tokens(page.Metadata.Title).ToHashSet(StringComparer.Ordinal)))
        {
            keep[first] = false;
        }

        return keep;
    }

    /// <summary>
    /// Removes the blocks not kept (and every container left with nothing kept) and writes what remains.
    /// </summary>
    internal static ExtractedContent Write(PageAnalysis page, IReadOnlyList<bool> keep)
    {
        var body = page.Body;
        var kept = new HashSet<IElement>();
        for (var i = 0; i < keep.Count; i++)
        {
            if (keep[i])
            {
                for (var e = page.Blocks[i].Element; e is not null && kept.Add(e); e = e.ParentElement)
                {
                }
            }
        }

        var doomed = new List<INode>();
        for (var i = 0; i < keep.Count; i++)
        {
            if (keep[i])
            {
                continue;
            }

            var block = page.Blocks[i];
            IElement? top = null;
            for (var e = block.Element; e is not null && e != body && !kept.Contains(e); e = e.ParentElement)
            {
                top = e;
            }

            // The block's text goes with its topmost empty container; where none is empty (loose text
            // beside kept blocks) the text nodes go one by one.
            if (top is not null)
            {
                doomed.Add(top);
            }
            else
            {
                doomed.AddRange(block.Nodes);
            }
        }

        foreach (var e in body.QuerySelectorAll("*"))
        {
            if (BlockSegmenter.IsUnreadable(e.LocalName))
            {
                doomed.Add(e);
            }
        }

        foreach (var node in doomed)
        {
            node.Parent?.RemoveChild(node);
        }

        var writer = new MarkdownWriter(page.Metadata.BaseUri);
        writer.WriteChildren(body);
        return ExtractedContent.From(writer.Blocks);
    }
}
