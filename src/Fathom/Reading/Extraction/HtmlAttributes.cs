using AngleSharp.Dom;

namespace Fathom.Reading.Extraction;

/// <summary>
/// Attribute look-ups by a name already in lower case. <see cref="IElement.GetAttribute(string)"/>
/// lower-cases the name on every call and is reached through an interface; the extractor asks a few
/// attributes of every element of every page, and the parser has lower-cased every attribute name of
/// an HTML element already, so the look-up by no namespace and the local name finds the same attribute
/// for less. SVG and MathML elements keep the plain look-up: the parser gives some of their
/// attributes a namespace and a prefix ("xlink:href"), which it matches by qualified name.
/// </summary>
internal static class HtmlAttributes
{
    /// <summary>The value of the attribute <paramref name="lowerName"/>, or null.</summary>
    public static string? ReadAttribute(this IElement element, string lowerName) =>
        element is Element e && IsHtml(e) ? e.GetAttribute(null, lowerName) : element.GetAttribute(lowerName);

    /// <summary>Whether the element carries the attribute <paramref name="lowerName"/>.</summary>
    public static bool HasOwnAttribute(this IElement element, string lowerName) =>
        element is Element e && IsHtml(e) ? e.HasAttribute(null, lowerName) : element.HasAttribute(lowerName);

    private static bool IsHtml(Element e) => string.Equals(e.NamespaceUri, NamespaceNames.HtmlUri, StringComparison.Ordinal);
}
