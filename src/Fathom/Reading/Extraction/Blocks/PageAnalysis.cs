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
    private const string BlockMark = "data-fathom-block";

    // Positions of elements in the source are never read; tracking them costs a tenth of the parse.
    private static readonly AngleSharp.Html.Parser.HtmlParserOptions ParserOptions = new() { DisableElementPositionTracking = true };

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

    /// <summary>Parses and analyses one page.</summary>
    public static PageAnalysis Of(string html, string? url)
    {
        var document = (parser ??= new AngleSharp.Html.Parser.HtmlParser(ParserOptions)).ParseDocument(html);
        var metadata = MetadataReader.Read(document, url);
        var page = PageSignals.Read(document, url);
        var body = document.Body ?? document.DocumentElement;
        var blocks = BlockSegmenter.Segment(body);
        MarkArticle(body, blocks, metadata);
        var features = BlockFeatures.Compute(blocks, page, metadata.Title);
        return new PageAnalysis(document, body, metadata, blocks, features, PageTypeFeatures.Compute(page, blocks, features));
    }

    /// <summary>
    /// Runs the rule-based article pass on a copy of <paramref name="body"/> and marks the blocks whose
    /// elements survive in the containers it keeps.
    /// </summary>
    private static void MarkArticle(IElement body, List<ContentBlock> blocks, PageMetadata metadata)
    {
        var ids = new Dictionary<IElement, int>();
        foreach (var block in blocks)
        {
            if (!ids.ContainsKey(block.Element))
            {
                var id = ids.Count;
                ids[block.Element] = id;
                block.Element.SetAttribute(BlockMark, id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        var copy = (IElement)body.Clone(deep: true);
        var kept = new HashSet<int>();
        foreach (var root in ArticleExtractor.ContentRoots(copy, metadata, ArticleExtractor.FirstPass))
        {
            Collect(root, kept);
        }

        foreach (var block in blocks)
        {
            block.InArticle = kept.Contains(ids[block.Element]);
            block.Element.RemoveAttribute(BlockMark);
        }
    }

    private static void Collect(IElement root, HashSet<int> kept)
    {
        if (root.GetAttribute(BlockMark) is { } own)
        {
            kept.Add(int.Parse(own, System.Globalization.CultureInfo.InvariantCulture));
        }

        foreach (var e in root.QuerySelectorAll("[" + BlockMark + "]"))
        {
            kept.Add(int.Parse(e.GetAttribute(BlockMark)!, System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
