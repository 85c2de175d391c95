using System.Buffers;
using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Fathom.Reading.Extraction.Blocks;

/// <summary>
/// What a page says about its own kind before any block is judged: the schema.org types it declares
/// (JSON-LD, microdata, Open Graph), the words of its address, and how much code, tables, forms and
/// prices it holds. Shared by every block of the page and read by the page-type classifier.
/// </summary>
internal static partial class PageSignals
{
    /// <summary>Names of the page features, in vector order.</summary>
    public static readonly string[] Names =
    [
        "ld_article", "ld_product", "ld_forum", "ld_collection", "ld_service", "ld_doc", "ld_faq", "ld_breadcrumb",
        "og_article", "og_product",
        "url_forum", "url_product", "url_doc", "url_collection", "url_article", "url_service", "url_depth", "url_date",
        "pre_count", "code_count", "table_count", "form_count", "h2_count", "time_count", "price_count", "article_count",
        "itemprop_price", "itemprop_text",
    ];

    /// <summary>The page features of <paramref name="document"/>, read before the page is cleaned.</summary>
    public static float[] Read(IDocument document, string? url) => Read(document, url, PageElements.Of(document));

    /// <summary>The page features of <paramref name="document"/> from its <paramref name="elements"/>, gathered once for every reader.</summary>
    public static float[] Read(IDocument document, string? url, PageElements elements)
    {
        var f = new float[Names.Length];

        // One walk over the elements counts what eight selector queries would, and gathers microdata types.
        var declared = new List<string>();
        int pre = 0, code = 0, table = 0, form = 0, h2 = 0, time = 0, article = 0;
        var price = false;
        var text = false;
        foreach (var e in elements.All)
        {
            switch (e.LocalName)
            {
                case "pre": pre++; break;
                case "code": code++; break;
                case "table": table++; break;
                case "form": form++; break;
                case "h2": h2++; break;
                case "time": time++; break;
                case "article": article++; break;
                case "script" when e.ReadAttribute("type") is { } scriptType && scriptType == "application/ld+json":
                    foreach (Match m in LdType().Matches(e.TextContent))
                    {
                        declared.Add(m.Groups[1].Value);
                    }

                    break;
            }

            if (e.ReadAttribute("itemprop") is { } itemprop)
            {
                price |= itemprop is "price" or "offers";
                text |= itemprop is "text" or "articleBody";
            }

            if (e.ReadAttribute("itemtype") is { } itemtype)
            {
                declared.Add(itemtype[(itemtype.LastIndexOf('/') + 1)..]);
            }
        }

        var types = " " + string.Join(' ', declared).ToLowerInvariant() + " ";
        f[0] = Has(types, ArticleTypes());
        f[1] = Has(types, ProductTypes());
        f[2] = Has(types, ForumTypes());
        f[3] = Has(types, CollectionTypes());
        f[4] = Has(types, ServiceTypes());
        f[5] = Has(types, DocTypes());
        f[6] = Has(types, FaqTypes());
        f[7] = types.Contains("breadcrumblist", StringComparison.Ordinal) ? 1 : 0;
        var og = elements.OpenGraphTypeMeta()?.ReadAttribute("content")?.ToLowerInvariant() ?? "";
        f[8] = og.Contains("article", StringComparison.Ordinal) ? 1 : 0;
        f[9] = og.Contains("product", StringComparison.Ordinal) ? 1 : 0;
        var path = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? (uri.AbsolutePath + uri.Query).ToLowerInvariant() : "";
        f[10] = ForumUrl().IsMatch(path) ? 1 : 0;
        f[11] = ProductUrl().IsMatch(path) ? 1 : 0;
        f[12] = DocUrl().IsMatch(path) || (uri?.Host.StartsWith("docs.", StringComparison.OrdinalIgnoreCase) ?? false) ? 1 : 0;
        f[13] = CollectionUrl().IsMatch(path) ? 1 : 0;
        f[14] = ArticleUrl().IsMatch(path) ? 1 : 0;
        f[15] = ServiceUrl().IsMatch(path) ? 1 : 0;
        f[16] = path.Count(c => c == '/');
        f[17] = DateUrl().IsMatch(path) ? 1 : 0;
        f[18] = Log(pre);
        f[19] = Log(code);
        f[20] = Log(table);
        f[21] = Log(form);
        f[22] = Log(h2);
        f[23] = Log(time);
        f[24] = Log(PriceCount(document.Body));
        f[25] = Log(article);
        f[26] = price ? 1 : 0;
        f[27] = text ? 1 : 0;
        return f;
    }

    /// <summary>
    /// How often a price occurs in the text of <paramref name="body"/> (all of it, scripts and styles
    /// included, as <c>TextContent</c> reads it), counted in a pooled buffer: a page's whole text is
    /// often large enough that a string of it would be collected with the oldest objects.
    /// </summary>
    internal static int PriceCount(IElement? body)
    {
        if (body is null)
        {
            return 0;
        }

        var buffer = ArrayPool<char>.Shared.Rent(4096);
        var length = 0;
        try
        {
            Append(body, ref buffer, ref length);
            return Price().Count(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }

        static void Append(INode node, ref char[] buffer, ref int length)
        {
            var children = node.ChildNodes;
            for (var i = 0; i < children.Length; i++)
            {
                var child = children[i];
                if (child is IText text)
                {
                    var data = text.Data;
                    if (length + data.Length > buffer.Length)
                    {
                        var larger = ArrayPool<char>.Shared.Rent(Math.Max(buffer.Length * 2, length + data.Length));
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<char>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    data.CopyTo(buffer.AsSpan(length));
                    length += data.Length;
                }
                else if (child.HasChildNodes)
                {
                    Append(child, ref buffer, ref length);
                }
            }
        }
    }

    private static float Has(string types, Regex pattern) => pattern.IsMatch(types) ? 1 : 0;

    private static float Log(int count) => MathF.Log(1 + count);

    [GeneratedRegex(@"""@type""\s*:\s*\[?\s*""([A-Za-z]+)""")]
    private static partial Regex LdType();

    [GeneratedRegex(@" (article|newsarticle|blogposting|reportagenewsarticle|analysisnewsarticle|opinionnewsarticle|scholarlyarticle|report|liveblogposting) ")]
    private static partial Regex ArticleTypes();

    [GeneratedRegex(@" (product|offer|aggregateoffer|productgroup|individualproduct|vehicle|book|softwareapplication) ")]
    private static partial Regex ProductTypes();

    [GeneratedRegex(@" (discussionforumposting|qapage|question|answer|comment|socialmediaposting) ")]
    private static partial Regex ForumTypes();

    [GeneratedRegex(@" (itemlist|collectionpage|searchresultspage|offercatalog|listitem) ")]
    private static partial Regex CollectionTypes();

    [GeneratedRegex(@" (service|localbusiness|professionalservice|organization|corporation|educationalorganization|howto|event|course) ")]
    private static partial Regex ServiceTypes();

    [GeneratedRegex(@" (techarticle|apireference|softwaresourcecode) ")]
    private static partial Regex DocTypes();

    [GeneratedRegex(@" (faqpage) ")]
    private static partial Regex FaqTypes();

    // What a page's address says of its kind, in the words English-language sites use and, standing
    // apart from the letters before them (a "foro" is not "uforocks"), the same words in the languages
    // most other sites use: the page-type scorers learned what the English word means.
    [GeneratedRegex(@"forum|thread|topic|/t/|questions/|discussion|community|/board|showthread|viewtopic|/comments/|(?<![a-z])(foro|diskussion|discussione|fil-de-discussion)")]
    private static partial Regex ForumUrl();

    [GeneratedRegex(@"product|/p/|/dp/|/item|/products/|/shop/.+/|sku|\.html?$|(?<![a-z])(produkt|produit|prodotto|produto)")]
    private static partial Regex ProductUrl();

    [GeneratedRegex(@"/docs?/|documentation|/api/|/reference|/guide|/manual|/wiki/|/learn/|/tutorial|/sdk|/en-us/|/latest/|/stable/|/(dokumentation|documentacion|documentazione|documentacao|handbuch|anleitung|tutoriel|guia|guida|hilfe|aide|ayuda)(/|$)")]
    private static partial Regex DocUrl();

    [GeneratedRegex(@"categor|collection|/tag/|/tags/|/shop|catalog|search|/list|/browse|/archive|/page/\d|/c/|/all|(?<![a-z])(kategor|katalog|sortiment|rubri[kq]|coleccion|collezion|colecao|suche|recherche|buscar|busqueda|zoeken)")]
    private static partial Regex CollectionUrl();

    [GeneratedRegex(@"blog|news|article|/post|/story|/stories|(?<![a-z])(nachrichten|noticia|notizi|actualite|nieuws|nyhet|nyheder|wiadomosci|novosti|berita|articulo|articolo|artigo|beitrag)")]
    private static partial Regex ArticleUrl();

    [GeneratedRegex(@"service|pricing|solution|feature|about|contact|/plans|/support|/company|/industries|/what-we-do|(?<![a-z])(preise|tarif(e|s)?(?![a-z])|precios|prezzi|precos|leistungen|dienstleistung|servicio|servizi|servico|losungen|loesungen|solucion|soluzion|solucoe|uber-uns|ueber-uns|a-propos|quienes-somos|sobre-nos|chi-siamo|kontakt|contatti)")]
    private static partial Regex ServiceUrl();

    [GeneratedRegex(@"/(19|20)\d\d/")]
    private static partial Regex DateUrl();

    [GeneratedRegex(@"[$€£¥₹]\s?\d|\d\s?(€|usd|eur|gbp)", RegexOptions.IgnoreCase)]
    private static partial Regex Price();
}
