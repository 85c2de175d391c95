using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Fathom.Reading.Extraction;

/// <summary>
/// The address of the picture an <c>img</c> element shows once the page has run its scripts. Lazy
/// loaders keep that address in an attribute of their own and put a placeholder in <c>src</c> (a
/// <c>data:</c> image, a blank or a spinner) until the image scrolls into view; some pages give only
/// a <c>srcset</c>. A page read without its scripts would otherwise show the placeholder or nothing.
/// An image nobody sees has none: a tracking pixel (an analytics or advertising beacon, hidden or
/// declared a pixel in size) is a request, not a picture.
/// </summary>
internal static partial class ImageSource
{
    /// <summary>Where lazy loaders (lazysizes, lozad, WordPress's, jQuery's) keep the real address.</summary>
    public static readonly string[] Deferred = ["data-src", "data-lazy-src", "data-original"];

    /// <summary>Candidate lists, read where no single address is given.</summary>
    public static readonly string[] Sets = ["data-srcset", "srcset"];

    /// <summary>Whether <paramref name="name"/> is an attribute of an image's declared size (read to know a pixel from a picture).</summary>
    public static bool IsSize(ReadOnlySpan<char> name) => name is "width" or "height";

    /// <summary>The image's address as written (not resolved), or null where it has none worth showing.</summary>
    public static string? Of(IElement img)
    {
        // Not shown by the page (aria-hidden only keeps a picture from screen readers, as a decorative one is).
        if (PageCleaner.IsNotShown(img))
        {
            return null;
        }

        var address = Address(img);
        return address is not null && IsPixel(img, address) ? null : address;
    }

    private static string? Address(IElement img)
    {
        foreach (var name in Deferred)
        {
            if (Usable(img.ReadAttribute(name)) is { } deferred)
            {
                return deferred;
            }
        }

        if (Usable(img.ReadAttribute("src")) is { } src)
        {
            return src;
        }

        foreach (var name in Sets)
        {
            if (Usable(FirstCandidate(img.ReadAttribute(name))) is { } candidate)
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// The first address of a <c>srcset</c> ("a.jpg 1x, b.jpg 2x"): as the HTML standard reads one, an
    /// address is a run without white space, and commas around it separate candidates (an address may
    /// hold commas of its own, as image services' sizing parameters do).
    /// </summary>
    internal static string? FirstCandidate(string? srcset)
    {
        if (srcset is null)
        {
            return null;
        }

        var span = srcset.AsSpan().TrimStart().TrimStart(',').TrimStart();
        var end = span.IndexOfAny(' ', '\t', '\n');
        var url = (end < 0 ? span : span[..end]).TrimEnd(',');
        return url.IsEmpty ? null : url.ToString();
    }

    // Declared a pixel (1 × 1, 1 × 0) with a query in its address, the beacon's payload ("?id=…&ev=
    // PageView"). Neither alone: WordPress declares an uploaded SVG 1 × 1 (it cannot read a drawing's
    // size; a cache-busting "?ver=2" may follow), and Next.js writes a picture sized by its styles as
    // 0 × 0 ("/_next/image?url=…"). A beacon answers with a GIF or a PNG, never a drawing.
    // The size may be declared in the inline style instead (Jetpack's "height:1px;width:1px").
    private static bool IsPixel(IElement img, string address)
    {
        var style = img.ReadAttribute("style");
        if (Size(img, "width", style) is not { } width || Size(img, "height", style) is not { } height
            || Math.Max(width, height) != 1 || address.IndexOf('?', StringComparison.Ordinal) is not (> 0 and var query))
        {
            return false;
        }

        return !address.AsSpan(0, query).EndsWith(".svg", StringComparison.OrdinalIgnoreCase);
    }

    private static int? Size(IElement img, string name, string? style)
    {
        if (img.ReadAttribute(name) is { } declared)
        {
            return int.TryParse(declared.AsSpan().Trim().TrimEnd("px"), out var pixels) ? pixels : null;
        }

        if (style is null)
        {
            return null;
        }

        foreach (Match m in StyleSize().Matches(style))
        {
            if (m.Groups[1].ValueSpan.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return int.TryParse(m.Groups[2].ValueSpan, out var pixels) ? pixels : null;
            }
        }

        return null;
    }

    // "width: 1px" in an inline style, not "max-width" or "line-height".
    [GeneratedRegex(@"(?<![\w-])(width|height)\s*:\s*(\d{1,5})px", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StyleSize();

    // An address a reader can follow: not empty, not an inline placeholder, not a script template
    // ("${imageURL}", "{width}") that the page's code fills in.
    private static string? Usable(string? value) =>
        string.IsNullOrWhiteSpace(value) || value.TrimStart().StartsWith("data:", StringComparison.OrdinalIgnoreCase) || value.Contains('{', StringComparison.Ordinal)
            ? null
            : value;
}
