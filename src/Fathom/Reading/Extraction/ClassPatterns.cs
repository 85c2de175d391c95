using System.Text.RegularExpressions;

namespace Fathom.Reading.Extraction;

/// <summary>
/// What the class and id names of an element say about it. Sites name their containers after what
/// they hold ("article-body", "related-stories", "share-tools"), so these names are the cheapest strong
/// signal there is. The lists follow Readability and trafilatura and are generic: none names a site.
/// </summary>
internal static partial class ClassPatterns
{
    /// <summary>Names of blocks that are almost never the article (removed before scoring).</summary>
    [GeneratedRegex(@"-ad-|ai2html|banner|breadcrumb|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote|newsletter|cookie|consent|outbrain|taboola|most-popular|mostpopular|trending|recirc|signup|sign-up|modal", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex Unlikely();

    /// <summary>Names that rescue an unlikely-looking block: the article often sits in "main-column" or "article-header-and-body".</summary>
    [GeneratedRegex(@"and|article|body|column|content|main|mathjax|shadow|story|entry|post-text", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex MaybeCandidate();

    /// <summary>Names that raise a container's score.</summary>
    [GeneratedRegex(@"article|body|content|entry|hentry|h-entry|main|page|post|text|blog|story|prose|rich-?text", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex Positive();

    /// <summary>Names that lower a container's score.</summary>
    [GeneratedRegex(@"-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget|taboola|newsletter|recommend|popular|subscribe|byline|author|caption|credit|toolbar|teaser", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex Negative();

    /// <summary>
    /// Names of blocks inside an article that are not the article: sharing and follow widgets,
    /// related and recommended links, newsletters, tags, bylines and datelines, ads, comments, cookie notices.
    /// </summary>
    [GeneratedRegex(@"(^|[\s_-])(share|sharing|social|sociable|syndication|related|newsletter|subscribe|subscription|signup|sign-up|tags?|tag-?list|byline|author|authors|dateline|timestamp|breadcrumbs?|comments?|disqus|promo|promotion|sponsor(ed)?|advert|advertisement|ad|ads|adslot|ad-?container|ad-?wrapper|ad-?unit|banner|widget|sidebar|rating|recommend(ed|ations)?|outbrain|taboola|most-?popular|more-?stories|read-?more|next-?post|prev-?post|post-?nav|pagination|pager|newsletter|cookie|consent|print|next|prev|previous|toolbar|tools|button|btn|icon|caption|credit|copyright|disclaimer|jp-relatedposts|sharedaddy|wp-caption-text|visually-hidden|sr-only|screen-reader-text|nav|navigation|menu|footer|header|masthead|meta|post-meta|entry-meta|article-meta|infobox|trending|recent|recirc|inline-?promo|video-?player|embed|gallery|slideshow|modal|popup|overlay|dek|standfirst|excerpt|teaser)($|[\s_-])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex Boilerplate();

    /// <summary>
    /// Words distinctive enough to mark furniture wherever they appear in a name, camelCase included
    /// ("newsCaption", "relatedLinks", "socialBar").
    /// </summary>
    [GeneratedRegex(@"caption|share|sharing|social|related|newsletter|promo|sponsor|advert|comment(?!ary)|breadcrumb|byline|cookie|subscri|recommend|outbrain|taboola|sidebar|signup|popular|trending|most-?read|read-?more|more-?from|also-?like", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex BoilerplateWords();

    /// <summary>Inline styles that hide an element.</summary>
    [GeneratedRegex(@"display\s*:\s*none|visibility\s*:\s*hidden", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex HiddenStyle();

    /// <summary>Names of containers that sites give the article body itself.</summary>
    [GeneratedRegex(@"article[-_]?body|articlebody|article[-_]?content|article[-_]?text|articletext|entry[-_]?content|post[-_]?content|post[-_]?body|post[-_]?text|postcontent|story[-_]?body|story[-_]?content|storycontent|content[-_]?body|body[-_]?text|main[-_]?content|rich[-_]?text|article__body|article__content", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex ArticleBody();

    // Pages repeat the same class and id strings on many elements, and sites share them: each distinct
    // string is matched against every pattern once per thread, and the rule pass asks again for free.
    [ThreadStatic]
    private static Dictionary<string, NamePatterns>? matched;

    /// <summary>The patterns that match <paramref name="names"/> (see <see cref="NamesOf"/>): what each pattern's <c>IsMatch</c> answers.</summary>
    public static NamePatterns Match(string names)
    {
        var known = matched ??= new Dictionary<string, NamePatterns>(StringComparer.Ordinal);
        if (known.TryGetValue(names, out var found))
        {
            return found;
        }

        // A bound on memory for a process that reads pages for days; clearing only costs matching again.
        if (known.Count >= 100_000)
        {
            known.Clear();
        }

        found = (Unlikely().IsMatch(names) ? NamePatterns.Unlikely : NamePatterns.None)
            | (MaybeCandidate().IsMatch(names) ? NamePatterns.MaybeCandidate : NamePatterns.None)
            | (Positive().IsMatch(names) ? NamePatterns.Positive : NamePatterns.None)
            | (Negative().IsMatch(names) ? NamePatterns.Negative : NamePatterns.None)
            | (Boilerplate().IsMatch(names) ? NamePatterns.Boilerplate : NamePatterns.None)
            | (BoilerplateWords().IsMatch(names) ? NamePatterns.BoilerplateWords : NamePatterns.None)
            | (ArticleBody().IsMatch(names) ? NamePatterns.ArticleBody : NamePatterns.None);
        known[names] = found;
        return found;
    }

    /// <summary>The class and id of an element as one string, as the patterns match them.</summary>
    public static string NamesOf(AngleSharp.Dom.IElement element)
    {
        var cls = element.ReadAttribute("class");
        var id = element.Id;
        if (string.IsNullOrEmpty(id))
        {
            return cls ?? string.Empty;
        }

        return string.IsNullOrEmpty(cls) ? id : cls + " " + id;
    }
}
