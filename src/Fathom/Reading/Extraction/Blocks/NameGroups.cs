using System.Buffers;
using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Fathom.Reading.Extraction.Blocks;

/// <summary>
/// Families of class, id, role and tag names that say what a container holds (navigation, comments,
/// product details, forum posts, filters, a table of contents…). Generic words only: none names a site.
/// </summary>
internal static partial class NameGroups
{
    /// <summary>Names of the groups, in feature order.</summary>
    public static readonly string[] Names =
    [
        "nav", "header", "footer", "side", "social", "related", "comment", "ad", "content", "product", "forum", "meta",
        "vote", "list", "filter", "pager", "toc", "edit", "doc", "hidden", "popup", "account", "faq", "title", "price",
        "review", "breadcrumb", "cookie",
    ];

    /// <summary>The pattern of each group, in feature order.</summary>
    internal static readonly Regex[] Patterns =
    [
        Nav(),
        Header(),
        Footer(),
        Side(),
        Social(),
        Related(),
        Comment(),
        Ad(),
        Content(),
        Product(),
        Forum(),
        Meta(),
        Vote(),
        List(),
        Filter(),
        Pager(),
        Toc(),
        Edit(),
        Doc(),
        Hidden(),
        Popup(),
        Account(),
        Faq(),
        Title(),
        Price(),
        Review(),
        Breadcrumb(),
        Cookie(),
    ];

    // A text each match of each pattern holds (of every alternative, a part without optional characters
    // or anchors): a name holding none of a pattern's cannot match it, and most names hold none of most.
    // Looking for them costs a fraction of running the pattern.
    private static readonly SearchValues<string>[] Required =
    [
        Literals("nav menu links"),
        Literals("header masthead topbar top-bar banner"),
        Literals("footer copyright colophon bottom"),
        Literals("sidebar aside rail widget secondary complementary"),
        Literals("share social follow sharing"),
        Literals("related recommend popular trending from also may suggest upsell sell similar"),
        Literals("comment repl respond discuss"),
        Literals("ad sponsor promo dfp gpt"),
        Literals("content article post entry body main text story prose markdown rich"),
        Literals("product sku spec description detail pdp attribute buy cart"),
        Literals("thread topic message forum postbody body answer question post bbcode msg"),
        Literals("author byline date time meta user avatar profile posted timestamp signature"),
        Literals("vote like score rating karma reaction upvote kudos"),
        Literals("list grid item card result tile teaser collection loop"),
        Literals("filter facet sort refine"),
        Literals("paginat pager numbers next prev more"),
        Literals("toc contents page outline"),
        Literals("edit github feedback improve contribute helpful"),
        Literals("doc documentation api reference rst sphinx highlight"),
        Literals("hidden sr-only reader offscreen"),
        Literals("popup modal overlay dialog lightbox drawer"),
        Literals("search login log sign account cart checkout basket"),
        Literals("faq accordion pricing feature plan tab benefit"),
        Literals("title heading headline name"),
        Literals("price offer amount currency discount"),
        Literals("review testimonial star rating"),
        Literals("breadcrumb crumb"),
        Literals("cookie consent gdpr newsletter subscri sign optin opt-in"),
    ];

    // Pages repeat the same few names on thousands of elements: each distinct name (digits folded, so
    // "post-1234" and "post-1235" are one name) is matched once per thread. A class attribute is cut into
    // its space-separated names first: the same names recur across sites in ever new combinations.
    [ThreadStatic]
    private static Dictionary<string, int>? cache;

    /// <summary>Bit i set when the element's names (tag, role, class, id, itemprop) fall in group i.</summary>
    /// <remarks>
    /// Each name is matched on its own and the bits are joined: no pattern spans a space, so this is
    /// what matching the names joined by spaces gives, at a fraction of the cost.
    /// </remarks>
    public static int Of(IElement e) =>
        Bits(e.LocalName) | Bits(e.ReadAttribute("role")) | Bits(e.ReadAttribute("itemprop")) | Bits(e.ReadAttribute("class")) | Bits(e.Id);

    private static int Bits(string? names)
    {
        if (string.IsNullOrEmpty(names))
        {
            return 0;
        }

        var bits = 0;
        var rest = names.AsSpan();
        while (rest.Length > 0)
        {
            var space = rest.IndexOf(' ');
            var name = space < 0 ? rest : rest[..space];
            rest = space < 0 ? default : rest[(space + 1)..];
            if (name.Length > 0)
            {
                bits |= NameBits(name);
            }
        }

        return bits;
    }

    private static int NameBits(ReadOnlySpan<char> name)
    {
        var known = cache ??= new Dictionary<string, int>(StringComparer.Ordinal);
        var lookup = known.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> buffer = name.Length <= 256 ? stackalloc char[name.Length] : new char[name.Length];
        for (var i = 0; i < name.Length; i++)
        {
            buffer[i] = char.IsAsciiDigit(name[i]) ? '0' : name[i];
        }

        if (lookup.TryGetValue(buffer, out var bits))
        {
            return bits;
        }

        // A bound on memory for a process that reads pages for days; clearing only costs re-matching.
        if (known.Count >= 100_000)
        {
            known.Clear();
        }

        var key = buffer.ToString();
        bits = Match(key.ToLowerInvariant());
        known[key] = bits;
        return bits;
    }

    /// <summary>The groups whose patterns match <paramref name="name"/> (lower-case, digits folded).</summary>
    internal static int Match(string name)
    {
        var bits = 0;
        for (var i = 0; i < Patterns.Length; i++)
        {
            if (name.AsSpan().ContainsAny(Required[i]) && Patterns[i].IsMatch(name))
            {
                bits |= 1 << i;
            }
        }

        return bits;
    }

    private static SearchValues<string> Literals(string texts) => SearchValues.Create(texts.Split(' '), StringComparison.Ordinal);

    [GeneratedRegex(@"nav|menu|\bmain-?links", RegexOptions.CultureInvariant)]
    private static partial Regex Nav();

    [GeneratedRegex(@"header|masthead|topbar|top-bar|\bbanner", RegexOptions.CultureInvariant)]
    private static partial Regex Header();

    [GeneratedRegex(@"footer|copyright|colophon|\bbottom", RegexOptions.CultureInvariant)]
    private static partial Regex Footer();

    [GeneratedRegex(@"sidebar|\baside|\brail\b|widget|secondary|complementary", RegexOptions.CultureInvariant)]
    private static partial Regex Side();

    [GeneratedRegex(@"share|social|follow|sharing", RegexOptions.CultureInvariant)]
    private static partial Regex Social();

    [GeneratedRegex(@"related|recommend|popular|trending|more-?from|also|you-?may|suggest|upsell|cross-?sell|similar", RegexOptions.CultureInvariant)]
    private static partial Regex Related();

    [GeneratedRegex(@"comment|repl(y|ies)|respond|discuss", RegexOptions.CultureInvariant)]
    private static partial Regex Comment();

    [GeneratedRegex(@"(^|[\s_-])(ad|ads|adv|advert\w*|sponsor\w*|promo\w*|dfp|gpt)($|[\s_-])", RegexOptions.CultureInvariant)]
    private static partial Regex Ad();

    [GeneratedRegex(@"content|article|\bpost\b|entry|\bbody|\bmain|\btext|story|prose|markdown|rich-?text", RegexOptions.CultureInvariant)]
    private static partial Regex Content();

    [GeneratedRegex(@"product|\bsku|\bspec|description|detail|\bpdp|attribute|\bbuy|add-?to-?cart", RegexOptions.CultureInvariant)]
    private static partial Regex Product();

    [GeneratedRegex(@"thread|topic|message|forum|postbody|post-?body|answer|question|\bpost-|bbcode|\bmsg", RegexOptions.CultureInvariant)]
    private static partial Regex Forum();

    [GeneratedRegex(@"author|byline|\bdate|\btime|\bmeta|\buser|avatar|profile|posted|timestamp|signature", RegexOptions.CultureInvariant)]
    private static partial Regex Meta();

    [GeneratedRegex(@"vote|\blike|\bscore|rating|karma|reaction|upvote|kudos", RegexOptions.CultureInvariant)]
    private static partial Regex Vote();

    [GeneratedRegex(@"\blist|grid|\bitem|\bcard|result|\btile|teaser|collection|\bloop", RegexOptions.CultureInvariant)]
    private static partial Regex List();

    [GeneratedRegex(@"filter|facet|\bsort|refine|sidebar-?filter", RegexOptions.CultureInvariant)]
    private static partial Regex Filter();

    [GeneratedRegex(@"paginat|pager|page-?numbers|\bnext|\bprev|load-?more", RegexOptions.CultureInvariant)]
    private static partial Regex Pager();

    [GeneratedRegex(@"\btoc\b|table-?of-?contents|on-?this-?page|\bcontents\b|\boutline", RegexOptions.CultureInvariant)]
    private static partial Regex Toc();

    [GeneratedRegex(@"\bedit|github|feedback|improve|contribute|helpful", RegexOptions.CultureInvariant)]
    private static partial Regex Edit();

    [GeneratedRegex(@"\bdocs?\b|documentation|\bapi\b|reference|\brst\b|sphinx|highlight", RegexOptions.CultureInvariant)]
    private static partial Regex Doc();

    [GeneratedRegex(@"hidden|sr-only|visually-?hidden|screen-?reader|offscreen", RegexOptions.CultureInvariant)]
    private static partial Regex Hidden();

    [GeneratedRegex(@"popup|modal|overlay|dialog|lightbox|drawer", RegexOptions.CultureInvariant)]
    private static partial Regex Popup();

    [GeneratedRegex(@"search|login|log-?in|sign-?in|account|\bcart\b|checkout|basket", RegexOptions.CultureInvariant)]
    private static partial Regex Account();

    [GeneratedRegex(@"\bfaq|accordion|pricing|feature|\bplan|\btab|benefit", RegexOptions.CultureInvariant)]
    private static partial Regex Faq();

    [GeneratedRegex(@"title|heading|headline|\bname\b", RegexOptions.CultureInvariant)]
    private static partial Regex Title();

    [GeneratedRegex(@"price|\boffer|\bamount|currency|discount", RegexOptions.CultureInvariant)]
    private static partial Regex Price();

    [GeneratedRegex(@"review|testimonial|\bstars?\b|\brating", RegexOptions.CultureInvariant)]
    private static partial Regex Review();

    [GeneratedRegex(@"breadcrumb|crumbs?", RegexOptions.CultureInvariant)]
    private static partial Regex Breadcrumb();

    [GeneratedRegex(@"cookie|consent|gdpr|newsletter|subscri|sign-?up|optin|opt-in", RegexOptions.CultureInvariant)]
    private static partial Regex Cookie();
}
