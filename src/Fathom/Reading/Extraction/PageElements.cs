using AngleSharp.Css.Dom;
using AngleSharp.Css.Parser;
using AngleSharp.Dom;

namespace Fathom.Reading.Extraction;

/// <summary>
/// Every element of a page in document order, gathered in one walk, and the queries the metadata
/// and the page signals make of it answered from that list: a walk over a parsed page costs far more
/// than a pass over a list, and they made one walk a query. Each query finds what its selector finds,
/// in the same order: the selector itself decides, asked only of elements that could match it.
/// </summary>
internal sealed class PageElements
{
    private static readonly ISelector Meta = Selector("meta");
    private static readonly ISelector Heading = Selector("h1");
    private static readonly ISelector JsonLd = Selector("script[type='application/ld+json']");
    private static readonly ISelector PublishedDate = Selector("[itemprop='datePublished'], time[pubdate], time[datetime]");
    private static readonly ISelector Canonical = Selector("link[rel='canonical']");
    private static readonly ISelector BaseAddress = Selector("base[href]");
    private static readonly ISelector OpenGraphType = Selector("meta[property='og:type']");

    private readonly IElement? scope;

    private PageElements(List<IElement> all, IElement? scope)
    {
        All = all;
        this.scope = scope;
    }

    /// <summary>Every element of the page, in document order.</summary>
    public List<IElement> All { get; }

    /// <summary>The elements of <paramref name="document"/>.</summary>
    public static PageElements Of(IDocument document) => new([.. document.All], document.DocumentElement);

    /// <summary>What <c>QuerySelectorAll("meta")</c> finds.</summary>
    public IEnumerable<IElement> Metas() => Where(Meta, "meta");

    /// <summary>What <c>QuerySelectorAll("h1")</c> finds.</summary>
    public IEnumerable<IElement> Headings() => Where(Heading, "h1");

    /// <summary>What <c>QuerySelectorAll("script[type='application/ld+json']")</c> finds.</summary>
    public IEnumerable<IElement> JsonLdScripts() => Where(JsonLd, "script");

    /// <summary>What <c>QuerySelector("[itemprop='datePublished'], time[pubdate], time[datetime]")</c> finds.</summary>
    public IElement? Published()
    {
        foreach (var e in All)
        {
            if ((e.LocalName.Equals("time", StringComparison.OrdinalIgnoreCase) || e.HasOwnAttribute("itemprop")) && PublishedDate.Match(e, scope))
            {
                return e;
            }
        }

        return null;
    }

    /// <summary>What <c>QuerySelector("link[rel='canonical']")</c> finds.</summary>
    public IElement? CanonicalLink() => Where(Canonical, "link").FirstOrDefault();

    /// <summary>What <c>QuerySelector("base[href]")</c> finds.</summary>
    public IElement? Base() => Where(BaseAddress, "base").FirstOrDefault();

    /// <summary>What <c>QuerySelector("meta[property='og:type']")</c> finds.</summary>
    public IElement? OpenGraphTypeMeta() => Where(OpenGraphType, "meta").FirstOrDefault();

    /// <summary>The elements named <paramref name="name"/> (in any case, as a type selector reads it) that <paramref name="selector"/> matches.</summary>
    private IEnumerable<IElement> Where(ISelector selector, string name)
    {
        foreach (var e in All)
        {
            if (e.LocalName.Equals(name, StringComparison.OrdinalIgnoreCase) && selector.Match(e, scope))
            {
                yield return e;
            }
        }
    }

    private static ISelector Selector(string text) =>
        new CssSelectorParser().ParseSelector(text) ?? throw new InvalidOperationException($"The selector '{text}' does not parse.");
}
