namespace Fathom.Reading.Extraction;

/// <summary>How the extractor treats each HTML element name.</summary>
internal static class HtmlTags
{
    /// <summary>Elements that never hold article text: scripts, media, form controls, navigation.</summary>
    public static readonly HashSet<string> NeverContent = new(StringComparer.Ordinal)
    {
        "script", "style", "noscript", "template", "iframe", "frame", "frameset", "svg", "canvas", "object",
        "embed", "applet", "audio", "video", "source", "track", "map", "area", "input", "button", "select",
        "option", "optgroup", "textarea", "link", "meta", "dialog", "nav", "menu", "math", "head", "title",
        "aside", "footer", "datalist", "output", "progress", "meter", "fieldset", "legend", "label", "base",
        "param", "rp", "rt",
    };

    /// <summary>Elements that start a new block of text.</summary>
    public static readonly HashSet<string> Block = new(StringComparer.Ordinal)
    {
        "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog", "dir", "div", "dl", "dt",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html",
        "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
        "tr", "ul", "caption", "colgroup", "menu", "noscript", "iframe", "video", "audio", "canvas", "object", "picture",
    };

    /// <summary>Headings, by level.</summary>
    public static int HeadingLevel(string name) => name.Length == 2 && name[0] == 'h' && name[1] is >= '1' and <= '6' ? name[1] - '0' : 0;
}
