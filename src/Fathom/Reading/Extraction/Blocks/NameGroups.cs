using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Fathom.Reading.Extraction.Blocks;

/// <summary>
/// Families of class, id, role and tag names that say what a container holds (navigation, comments,
/// product details, forum posts, filters, a table of contents…). Generic words only: none names a site.
/// </summary>
internal static class NameGroups
{
    /// <summary>Names of the groups, in feature order.</summary>
    public static readonly string[] Names =
    [
        "nav", "header", "footer", "side", "social", "related", "comment", "ad", "content", "product", "forum", "meta",
        "vote", "list", "filter", "pager", "toc", "edit", "doc", "hidden", "popup", "account", "faq", "title", "price",
        "review", "breadcrumb", "cookie",
    ];

    private static readonly Regex[] Patterns =
    [
        Make(@"nav|menu|\bmain-?links"),
        Make(@"header|masthead|topbar|top-bar|\bbanner"),
        Make(@"footer|copyright|colophon|\bbottom"),
        Make(@"sidebar|\baside|\brail\b|widget|secondary|complementary"),
        Make(@"share|social|follow|sharing"),
        Make(@"related|recommend|popular|trending|more-?from|also|you-?may|suggest|upsell|cross-?sell|similar"),
        Make(@"comment|repl(y|ies)|respond|discuss"),
        Make(@"(^|[\s_-])(ad|ads|adv|advert\w*|sponsor\w*|promo\w*|dfp|gpt)($|[\s_-])"),
        Make(@"content|article|\bpost\b|entry|\bbody|\bmain|\btext|story|prose|markdown|rich-?text"),
        Make(@"product|\bsku|\bspec|description|detail|\bpdp|attribute|\bbuy|add-?to-?cart"),
        Make(@"thread|topic|message|forum|postbody|post-?body|answer|question|\bpost-|bbcode|\bmsg"),
        Make(@"author|byline|\bdate|\btime|\bmeta|\buser|avatar|profile|posted|timestamp|signature"),
        Make(@"vote|\blike|\bscore|rating|karma|reaction|upvote|kudos"),
        Make(@"\blist|grid|\bitem|\bcard|result|\btile|teaser|collection|\bloop"),
        Make(@"filter|facet|\bsort|refine|sidebar-?filter"),
        Make(@"paginat|pager|page-?numbers|\bnext|\bprev|load-?more"),
        Make(@"\btoc\b|table-?of-?contents|on-?this-?page|\bcontents\b|\boutline"),
        Make(@"\bedit|github|feedback|improve|contribute|helpful"),
        Make(@"\bdocs?\b|documentation|\bapi\b|reference|\brst\b|sphinx|highlight"),
        Make(@"hidden|sr-only|visually-?hidden|screen-?reader|offscreen"),
        Make(@"popup|modal|overlay|dialog|lightbox|drawer"),
        Make(@"search|login|log-?in|sign-?in|account|\bcart\b|checkout|basket"),
        Make(@"\bfaq|accordion|pricing|feature|\bplan|\btab|benefit"),
        Make(@"title|heading|headline|\bname\b"),
        Make(@"price|\boffer|\bamount|currency|discount"),
        Make(@"review|testimonial|\bstars?\b|\brating"),
        Make(@"breadcrumb|crumbs?"),
        Make(@"cookie|consent|gdpr|newsletter|subscri|sign-?up|optin|opt-in"),
    ];

    // Pages repeat the same few names on thousands of elements: each distinct name is matched once.
    private static readonly ConcurrentDictionary<string, int> Cache = new(StringComparer.Ordinal);

    /// <summary>Bit i set when the element's names (tag, role, class, id, itemprop) fall in group i.</summary>
    public static int Of(IElement e)
    {
        var names = ClassPatterns.NamesOf(e);
        var role = e.GetAttribute("role");
        var itemprop = e.GetAttribute("itemprop");
        var all = string.Concat(e.LocalName, " ", role, " ", itemprop, " ", names);
        if (Cache.TryGetValue(all, out var known))
        {
            return known;
        }

        if (Cache.Count > 100_000)
        {
            Cache.Clear();
        }

        var bits = Match(all.ToLowerInvariant());
        Cache.TryAdd(all, bits);
        return bits;
    }

    private static int Match(string all)
    {
        var bits = 0;
        for (var i = 0; i < Patterns.Length; i++)
        {
            if (Patterns[i].IsMatch(all))
            {
                bits |= 1 << i;
            }
        }

        return bits;
    }

    private static Regex Make(string pattern) => new(pattern, RegexOptions.CultureInvariant);
}
