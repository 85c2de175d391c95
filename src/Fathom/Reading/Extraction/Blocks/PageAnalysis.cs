using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace Fathom.Reading.Extraction.Blocks;

/// <summary>
/// A parsed page cut into blocks with every block's features: what the page extractor classifies and
/// what the training command learns from. Building one runs the rule-based article pass on a copy of
/// the page, so that what it keeps is a feature of each block.
/// </summary>
internal sealed class PageAnalysis
{
    // Positions of elements in the source are never read; tracking them costs a tenth of the parse.
    // Nor are most attributes: pages carry dozens per element (sizes, event handlers, script data,
    // accessibility labels, SVG geometry), and dropping them as they are read saves building each one,
    // copying it into the rule pass's copy, and walking past it at every look-up.
    private static readonly AngleSharp.Html.Parser.HtmlParserOptions ParserOptions = new()
    {
        DisableElementPositionTracking = true,
        ShouldEmitAttribute = static (ref token, name) => IsRead(name.Span) || (token.Name.Memory.Span is "img" && ImageSource.IsSize(name.Span)),
    };

    // Every attribute a step of the extractor reads (by name, through a selector, or through the
    // element's id and class list), and those the tree builder reads to build the tree: an input's
    // type, a font's color, face and size, annotation-xml's encoding, a meta's charset, a
    // template's shadowrootmode.
    // The image writer's addresses (ImageSource) as well, and an image's declared size (the only
    // element whose size is read: width and height stand on most tables, frames and drawings too).
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> ReadAttributes = new HashSet<string>(
    [
        "class", "id", "role", "itemprop", "itemtype", "style", "hidden", "aria-hidden", "href", "src", "alt",
        "summary", "rel", "property", "name", "content", "lang", "xml:lang", "datetime", "pubdate", "type", "http-equiv",
        "charset", "color", "face", "size", "encoding", "shadowrootmode",
        .. ImageSource.Deferred, .. ImageSource.Sets,
    ], StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    // A browsing context without attribute observers: they keep live views of attributes (class lists,
    // input types, frame and image sources) in step as a script changes them; the engine changes no
    // attribute and reads none through those views, yet every attribute of every element parsed or
    // copied is announced to them (about a tenth of the parse). One configuration serves every thread.
    private static readonly IConfiguration Quiet = Configuration.Default.Without<IAttributeObserver>();

    // Building a parser builds its browsing context; one per thread is reused (a parser is not shared across threads).
    [ThreadStatic]
    private static AngleSharp.Html.Parser.HtmlParser? parser;

    private PageAnalysis(IHtmlDocument document, IElement body, PageMetadata metadata, List<ContentBlock> blocks, float[][] features, float[] typeFeatures)
    {
        Document = document;
        Body = body;
        Metadata = metadata;
        Blocks = blocks;
        Features = features;
        TypeFeatures = typeFeatures;
    }

    /// <summary>The parsed page.</summary>
    public IHtmlDocument Document { get; }

    /// <summary>The element the blocks were read from.</summary>
    public IElement Body { get; }

    /// <summary>Title, byline, date, language, base address.</summary>
    public PageMetadata Metadata { get; }

    /// <summary>The page's blocks, in page order.</summary>
    public List<ContentBlock> Blocks { get; }

    /// <summary>The feature vector of each block (see <see cref="BlockFeatures.Names"/>).</summary>
    public float[][] Features { get; }

    /// <summary>The page-type features (see <see cref="PageTypeFeatures.Names"/>).</summary>
    public float[] TypeFeatures { get; }

    /// <summary>What the article-bounds decision reads of each block, read once (the decision and the bound both need it).</summary>
    public ArticleBounds.Block[] Bounds => field ??= ArticleBounds.Of(Blocks);

    /// <summary>Whether the extractor may read an attribute of this name (see <see cref="ParserOptions"/>).</summary>
    internal static bool IsRead(ReadOnlySpan<char> name) => ReadAttributes.Contains(name);

    /// <summary>Parses and analyses one page with the name evidence built into the engine.</summary>
    public static PageAnalysis Of(string html, string? url) => Of(html, url, ExtractionModels.Default.Names);

    /// <summary>Parses and analyses one page, reading the names above each block with <paramref name="names"/>.</summary>
    public static PageAnalysis Of(string html, string? url, NameEvidence names)
    {
        var document = ShownPage.Parse(parser ??= new AngleSharp.Html.Parser.HtmlParser(ParserOptions, BrowsingContext.New(Quiet)), html);
        var elements = PageElements.Of(document);
        var metadata = MetadataReader.Read(document, url, elements);
        var page = PageSignals.Read(document, url, elements);
        var body = document.Body ?? document.DocumentElement;
        var blocks = BlockSegmenter.Segment(body);
        MarkArticle(body, blocks, metadata);
        var features = BlockFeatures.Compute(blocks, page, metadata.Title, names);
        return new PageAnalysis(document, body, metadata, blocks, features, PageTypeFeatures.Compute(page, blocks, features));
    }

    /// <summary>
    /// Runs the rule-based article pass on a copy of <paramref name="body"/> (built already cleaned, see
    /// <see cref="PageCleaner.CleanCopy"/>) and marks the blocks whose elements survive in the containers it keeps.
    /// </summary>
    private static void MarkArticle(IElement body, List<ContentBlock> blocks, PageMetadata metadata)
    {
        var pass = ArticleExtractor.FirstPass;
        var tracked = new HashSet<IElement>(ReferenceEqualityComparer.Instance);
        foreach (var block in blocks)
        {
            tracked.Add(block.Element);
        }

        var originals = new Dictionary<IElement, IElement>(ReferenceEqualityComparer.Instance);
        var copy = PageCleaner.CleanCopy(body, pass.StripUnlikely, tracked, originals);
        var kept = new HashSet<IElement>(ReferenceEqualityComparer.Instance);
        foreach (var root in ArticleExtractor.CleanedContentRoots(copy, metadata, pass))
        {
            Collect(root, originals, kept);
        }

        foreach (var block in blocks)
        {
            block.InArticle = kept.Contains(block.Element);
        }
    }

    /// <summary>Adds the original of <paramref name="root"/> and of every tracked element inside it to <paramref name="kept"/>.</summary>
    private static void Collect(IElement root, Dictionary<IElement, IElement> originals, HashSet<IElement> kept)
    {
        if (originals.TryGetValue(root, out var original))
        {
            kept.Add(original);
        }

        foreach (var child in ChildNodes.ElementsOf(root))
        {
            Collect(child, originals, kept);
        }
    }
}
