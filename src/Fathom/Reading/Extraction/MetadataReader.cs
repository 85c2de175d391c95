using System.Globalization;
using AngleSharp.Dom;
using Fathom.Text;

namespace Fathom.Reading.Extraction;

/// <summary>
/// Reads title, byline, publication date, language and base address from a page's head: schema.org
/// JSON-LD first, then Open Graph and other meta tags, then the visible markup.
/// </summary>
internal static partial class MetadataReader
{
    private static readonly string[] TitleSeparators = [" | ", " - ", " – ", " — ", " :: ", " · ", " « ", " » ", " / "];

    private static readonly string[] DateMetaNames =
    [
        "article:published_time", "article:published", "og:published_time", "og:article:published_time", "datepublished", "pubdate", "publishdate",
        "publish-date", "publish_date", "date", "dc.date", "dc.date.issued", "dc.date.created", "dcterms.created", "dcterms.date",
        "sailthru.date", "parsely-pub-date", "article.published", "published-date", "release_date", "citation_publication_date",
        "article:modified_time", "og:updated_time",
    ];

    /// <summary>Reads the metadata of <paramref name="document"/>; <paramref name="url"/> is where it came from, if known.</summary>
    public static PageMetadata Read(AngleSharp.Html.Dom.IHtmlDocument document, string? url) => Read(document, url, PageElements.Of(document));

    /// <summary>Reads the metadata of <paramref name="document"/> from its <paramref name="elements"/>, gathered once for every reader.</summary>
    public static PageMetadata Read(AngleSharp.Html.Dom.IHtmlDocument document, string? url, PageElements elements)
    {
        var meta = MetaTags(elements);
        var declared = JsonLdObjects.Of(elements.JsonLdScripts());
        var jsonLd = JsonLdArticle.Read(declared);
        return new PageMetadata(
            Title(document, elements, meta, jsonLd),
            Byline(elements, meta, jsonLd),
            Published(elements, meta, jsonLd),
            Language(document, meta, jsonLd),
            BaseUri(elements, url, meta),
            jsonLd?.Body,
            WithMetaPrice(JsonLdProduct.Read(declared), meta));
    }

    /// <summary>
    /// The declared product with a price from the page's meta tags where its JSON-LD states none: microdata
    /// written as <c>meta itemprop="price"</c> (unseen, so the kept blocks never hold it) or Open Graph's
    /// <c>product:price:amount</c>.
    /// </summary>
    private static JsonLdProduct? WithMetaPrice(JsonLdProduct? product, Dictionary<string, string> meta)
    {
        if (product?.Price is not null)
        {
            return product;
        }

        var price = JsonLdPrice.Parse(Get(meta, "price"), Get(meta, "priceCurrency"))
            ?? JsonLdPrice.Parse(Get(meta, "product:price:amount"), Get(meta, "product:price:currency"))
            ?? JsonLdPrice.Parse(Get(meta, "og:price:amount"), Get(meta, "og:price:currency"));
        return price is null ? product : (product ?? new JsonLdProduct(null, null)) with { Price = price };
    }

    private static Dictionary<string, string> MetaTags(PageElements elements)
    {
        var tags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var m in elements.Metas())
        {
            var key = string.Join(' ', new[] { m.GetAttribute("property"), m.GetAttribute("name"), m.GetAttribute("itemprop"), m.GetAttribute("http-equiv") }.Where(k => k is not null));
            var content = m.GetAttribute("content");
            if (string.IsNullOrWhiteSpace(key) || string.IsNullOrWhiteSpace(content))
            {
                continue;
            }

            // A tag may carry property, name and itemprop at once, and itemprop may hold several names ("datePublished dateCreated").
            foreach (var name in key.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                tags.TryAdd(name, content.Trim());
            }
        }

        return tags;
    }

    private static string Title(IDocument document, PageElements elements, Dictionary<string, string> meta, JsonLdArticle? jsonLd)
    {
        var h1 = elements.Headings().Select(h => Words.NormalizeSpace(h.TextContent)).FirstOrDefault(t => t.Length > 0);
        var candidates = new[]
        {
            jsonLd?.Headline, Get(meta, "og:title"), Get(meta, "twitter:title"), Get(meta, "title"), Get(meta, "dc.title"),
            h1, document.Title,
        };
        var raw = candidates.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c)) ?? string.Empty;
        var title = WithoutSiteName(Words.NormalizeSpace(System.Net.WebUtility.HtmlDecode(raw)));
        if (h1 is { Length: > 0 } && title.Contains(h1, StringComparison.OrdinalIgnoreCase) && h1.Length * 2 > title.Length)
        {
            return h1;
        }

        return title;
    }

    /// <summary>Drops a site name glued to a title ("Storm hits coast - Daily News"): the longest part wins when the others are short.</summary>
    public static string WithoutSiteName(string title)
    {
        foreach (var separator in TitleSeparators)
        {
            var parts = title.Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length < 2)
            {
                continue;
            }

            var longest = parts.MaxBy(p => p.Length)!;
            var rest = parts.Where(p => !ReferenceEquals(p, longest)).ToList();
            if (Words.Count(longest) >= 3 && rest.All(p => Words.Count(p) <= 4))
            {
                return longest;
            }
        }

        return title;
    }

    private static string? Byline(PageElements elements, Dictionary<string, string> meta, JsonLdArticle? jsonLd)
    {
        var fromMeta = new[] { jsonLd?.Author, Get(meta, "author"), Get(meta, "article:author"), Get(meta, "parsely-author"), Get(meta, "dc.creator"), Get(meta, "sailthru.author") }
            .FirstOrDefault(a => !string.IsNullOrWhiteSpace(a) && !a.StartsWith("http", StringComparison.OrdinalIgnoreCase));
        if (fromMeta is not null)
        {
            return CleanByline(fromMeta);
        }

        var element = BylineElement(elements);
        if (element is null)
        {
            return null;
        }

        var name = element.QuerySelector("[itemprop='name']")?.GetAttribute("content") ?? SpacedText(element.QuerySelector("[itemprop='name']") ?? element);
        var text = CleanByline(name);
        return text.Length is > 0 and <= 100 ? text : null;
    }

    /// <summary>
    /// The first element that names the author: what the selector
    /// <c>[rel='author'], [itemprop='author'], .byline, .author, .byline-name, .author-name, [class*='byline']</c>
    /// finds, in one walk without selector matching.
    /// </summary>
    private static IElement? BylineElement(PageElements elements)
    {
        foreach (var e in elements.All)
        {
            if (e.GetAttribute("rel") == "author" || e.GetAttribute("itemprop") == "author")
            {
                return e;
            }

            if (e.GetAttribute("class") is not { } cls)
            {
                continue;
            }

            if (cls.Contains("byline", StringComparison.Ordinal))
            {
                return e;
            }

            if (cls.Contains("author", StringComparison.Ordinal) && (e.ClassList.Contains("author") || e.ClassList.Contains("author-name")))
            {
                return e;
            }
        }

        return null;
    }

    /// <summary>The text of <paramref name="element"/> with a space between its pieces ("ANA RUIZ" + "Associated Press").</summary>
    private static string SpacedText(IElement element) =>
        string.Join(' ', element.Descendants<IText>().Select(t => t.Data));

    private static string CleanByline(string byline)
    {
        var text = Words.NormalizeSpace(System.Net.WebUtility.HtmlDecode(byline));
        text = BylineTail().Replace(text, "").Trim(' ', '|', ',', '-', '·');
        foreach (var prefix in new[] { "By ", "by ", "BY ", "Von ", "Par ", "Por " })
        {
            if (text.StartsWith(prefix, StringComparison.Ordinal))
            {
                return text[prefix.Length..].Trim();
            }
        }

        return text;
    }

    private static string? Published(PageElements elements, Dictionary<string, string> meta, JsonLdArticle? jsonLd)
    {
        var element = elements.Published();
        var candidates = new[] { jsonLd?.Published }
            .Concat(DateMetaNames.Select(n => Get(meta, n)))
            .Append(element?.GetAttribute("content") ?? element?.GetAttribute("datetime") ?? (element?.LocalName == "time" ? element.TextContent : null));

        // Placeholders such as 0001-01-01 are skipped for the next source; text that is no date is kept as written.
        string? unparsed = null;
        foreach (var raw in candidates.Where(c => !string.IsNullOrWhiteSpace(c)))
        {
            if (PublishedDates.Normalize(raw!.Trim()) is { } date)
            {
                return date;
            }

            unparsed ??= PublishedDates.IsPlaceholder(raw) ? null : Words.NormalizeSpace(raw);
        }

        return unparsed;
    }

    private static string? Language(IDocument document, Dictionary<string, string> meta, JsonLdArticle? jsonLd)
    {
        var raw = document.DocumentElement?.GetAttribute("lang")
            ?? document.DocumentElement?.GetAttribute("xml:lang")
            ?? Get(meta, "content-language")
            ?? Get(meta, "language")
            ?? Get(meta, "og:locale")
            ?? jsonLd?.Language;
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var tag = raw.Split(',')[0].Trim().Replace('_', '-');
        var parts = tag.Split('-');
        return parts.Length > 1 && parts[1].Length == 2
            ? parts[0].ToLowerInvariant() + "-" + parts[1].ToUpperInvariant()
            : parts[0].ToLowerInvariant();
    }

    private static Uri? BaseUri(PageElements elements, string? url, Dictionary<string, string> meta)
    {
        Uri.TryCreate(url, UriKind.Absolute, out var pageUri);

        // A saved copy of a page links as the page did online: its own canonical address beats the file's.
        if (pageUri is { IsFile: true })
        {
            pageUri = null;
        }

        pageUri ??= Uri.TryCreate(Get(meta, "og:url"), UriKind.Absolute, out var og) ? og : null;
        pageUri ??= Uri.TryCreate(elements.CanonicalLink()?.GetAttribute("href"), UriKind.Absolute, out var canonical) ? canonical : null;
        if (elements.Base()?.GetAttribute("href") is { } baseHref)
        {
            if (pageUri is not null && Uri.TryCreate(pageUri, baseHref, out var combined))
            {
                return combined;
            }

            if (Uri.TryCreate(baseHref, UriKind.Absolute, out var absolute))
            {
                return absolute;
            }
        }

        return pageUri ?? (Uri.TryCreate(url, UriKind.Absolute, out var given) ? given : null);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(published|updated|posted|last modified|publicado|publié|pubblicato|veröffentlicht)\b.*$", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex BylineTail();

    private static string? Get(Dictionary<string, string> meta, string key) => meta.TryGetValue(key, out var v) ? v : null;
}
