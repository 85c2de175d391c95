using Fathom.Reading.Extraction;
using Fathom.Search;

namespace Fathom.Reading.Web;

/// <summary>
/// Reads web pages: fetches the hit's address with the <see cref="WebFetcher"/> and dispatches on
/// what came back: HTML to the article extractor, PDF to PdfPig, plain text as it is. Handles
/// http and https addresses only; any refusal or failure is a <see cref="PageReadException"/>
/// whose message becomes the run's PageSkipped reason.
/// </summary>
public sealed class WebPageReader(WebFetcher fetcher, IArticleExtractor extractor) : IPageReader
{
    /// <inheritdoc />
    public async Task<ReadPage?> ReadAsync(SearchHit hit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hit);
        if (!Uri.TryCreate(hit.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            return null;
        }

        var resource = await fetcher.FetchAsync(url, cancellationToken);
        var page = ContentKinds.Of(resource.MediaType, resource.Body) switch
        {
            ContentKind.Html => ReadHtml(resource, hit),
            ContentKind.Pdf => ReadPdf(resource, hit),
            ContentKind.Text => new ReadPage(resource.FinalUrl.AbsoluteUri, hit.Title, HtmlDecoding.Decode(resource.Body, resource.Charset).Trim()),
            _ => throw new PageReadException($"cannot read {resource.MediaType ?? "unknown"} content"),
        };
        return string.IsNullOrWhiteSpace(page.Text) ? throw new PageReadException("the page has no readable text") : page;
    }

    private ReadPage ReadHtml(FetchedResource resource, SearchHit hit)
    {
        var html = HtmlDecoding.Decode(resource.Body, resource.Charset);
        Article article;
        try
        {
            article = extractor.Extract(html, resource.FinalUrl.AbsoluteUri);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new PageReadException($"the article could not be extracted ({e.Message})", e);
        }

        var title = string.IsNullOrWhiteSpace(article.Title) ? hit.Title : article.Title;
        return new ReadPage(resource.FinalUrl.AbsoluteUri, title, article.Text, article.Markdown);
    }

    private static ReadPage ReadPdf(FetchedResource resource, SearchHit hit)
    {
        try
        {
            var (title, text) = PdfText.Extract(resource.Body);
            return new ReadPage(resource.FinalUrl.AbsoluteUri, title ?? hit.Title, text);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new PageReadException($"the PDF could not be read ({e.Message})", e);
        }
    }
}
