using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Fathom.Text;

namespace Fathom.Reading.Extraction;

/// <summary>
/// Finds a page's article and writes it as Markdown and plain text, with its title, byline, date and
/// language. Scores containers by the prose they hold (as Readability does), prunes named boilerplate
/// inside the winner (as trafilatura does), and retries with looser rules when a strict pass finds
/// too little text.
/// </summary>
public sealed class ArticleExtractor : IArticleExtractor
{
    /// <summary>Below this many characters a pass is suspected of having missed the article.</summary>
    private const int EnoughChars = 500;

    private static readonly ExtractionPass[] Passes =
    [
        new(StripUnlikely: true, WeightClasses: true, CleanConditionally: true),
        new(StripUnlikely: false, WeightClasses: true, CleanConditionally: true),
        new(StripUnlikely: false, WeightClasses: false, CleanConditionally: true),
        new(StripUnlikely: false, WeightClasses: false, CleanConditionally: false),
        new(StripUnlikely: false, WeightClasses: false, CleanConditionally: false, PruneFurniture: false),
    ];

    /// <inheritdoc />
    public Article Extract(string html, string? url = null)
    {
        ArgumentNullException.ThrowIfNull(html);

        // A parser per call: one extractor serves concurrent readers, and parsing contexts are not shared safely.
        var parser = new HtmlParser();
        var document = ShownPage.Parse(parser, html);
        var metadata = MetadataReader.Read(document, url);
        var best = default(ExtractedContent);
        for (var i = 0; i < Passes.Length; i++)
        {
            var attempt = i == 0 ? document : ShownPage.Parse(parser, html);
            var content = Run(attempt, metadata, Passes[i]);

            // Unpruned text is always at least as long, so it must be far longer to win: pruning
            // that removed most of a page's text removed the article (a photo essay's captions).
            var needed = best is null ? 0 : Passes[i].PruneFurniture ? best.Text.Length : 2 * best.Text.Length;
            if (best is null || content.Text.Length > needed)
            {
                best = content;
            }

            if (WordEstimate.Length(content.Text) >= EnoughChars)
            {
                break;
            }
        }

        // Pages rendered by script carry little text in their markup; their JSON-LD often has it all.
        best = JsonLdBody.Instead(metadata.JsonLdBody, best!) ?? best;

        return new Article(
            metadata.Title,
            best!.Text,
            best.Markdown,
            metadata.Byline,
            metadata.Published,
            metadata.Language ?? LanguageGuesser.Guess(best.Text));
    }

    private static ExtractedContent Run(AngleSharp.Html.Dom.IHtmlDocument document, PageMetadata metadata, ExtractionPass pass)
    {
        var writer = new MarkdownWriter(metadata.BaseUri);
        foreach (var root in ContentRoots(document.Body ?? document.DocumentElement, metadata, pass))
        {
            writer.Write(root);
        }

        return ExtractedContent.From(writer.Blocks);
    }

    /// <summary>
    /// The containers one pass keeps as the article, pruned, in page order. Cleans <paramref name="body"/>
    /// in place; the page extractor runs the first pass on a copy and reads what survives.
    /// </summary>
    internal static List<AngleSharp.Dom.IElement> ContentRoots(AngleSharp.Dom.IElement body, PageMetadata metadata, ExtractionPass pass)
    {
        PageCleaner.Clean(body, pass.StripUnlikely);
        return CleanedContentRoots(body, metadata, pass);
    }

    /// <summary>
    /// <see cref="ContentRoots"/> of a body already cleaned for <paramref name="pass"/> (by <see cref="PageCleaner.Clean"/>
    /// or built clean by <see cref="PageCleaner.CleanCopy"/>).
    /// </summary>
    internal static List<AngleSharp.Dom.IElement> CleanedContentRoots(AngleSharp.Dom.IElement body, PageMetadata metadata, ExtractionPass pass)
    {
        var stats = new TextStats();
        var scorer = new ContentScorer(stats, pass.WeightClasses);
        var top = scorer.FindTopCandidate(body) ?? body;
        var roots = SiblingCollector.Collect(top, scorer, stats);
        if (pass.PruneFurniture)
        {
            foreach (var root in roots)
            {
                ContentPruner.Prune(root, metadata.Title, pass.CleanConditionally);
            }
        }

        return roots;
    }

    /// <summary>The strictest pass, the one the page extractor's classifier reads as a feature.</summary>
    internal static ExtractionPass FirstPass => Passes[0];
}
