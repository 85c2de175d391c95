using AngleSharp.Dom;

namespace Fathom.Reading.Extraction;

/// <summary>
/// Removes what can never be article text before scoring: scripts, media, forms controls, navigation,
/// hidden elements, and (on a strict pass) blocks whose names mark them as page furniture.
/// </summary>
internal static class PageCleaner
{
    private static readonly HashSet<string> FurnitureRoles = new(StringComparer.OrdinalIgnoreCase)
    {
        "menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog", "banner", "contentinfo", "search",
    };

    /// <summary>Cleans <paramref name="body"/> in place.</summary>
    public static void Clean(IElement body, bool stripUnlikely)
    {
        var doomed = new List<INode>();
        Visit(body, stripUnlikely, insideTableOrCode: false, doomed);
        foreach (var node in doomed)
        {
            node.Parent?.RemoveChild(node);
        }
    }

    /// <summary>
    /// A copy of <paramref name="body"/> as <see cref="Clean"/> would leave a deep copy of it, built without
    /// the nodes cleaning removes: copying a page's scripts, navigation and hidden parts only to remove
    /// them again costs as much as the rest of the copy. <paramref name="originals"/> receives, for each of
    /// <paramref name="tracked"/> that survives, its copy mapped back to it.
    /// </summary>
    public static IElement CleanCopy(IElement body, bool stripUnlikely, HashSet<IElement> tracked, Dictionary<IElement, IElement> originals)
    {
        var copy = (IElement)body.Clone(deep: false);
        if (tracked.Contains(body))
        {
            originals[copy] = body;
        }

        CopyChildren(body, copy, stripUnlikely, insideTableOrCode: false, tracked, originals);
        return copy;
    }

    private static void CopyChildren(IElement source, IElement target, bool stripUnlikely, bool insideTableOrCode, HashSet<IElement> tracked, Dictionary<IElement, IElement> originals)
    {
        foreach (var child in ChildNodes.Of(source))
        {
            if (child is IComment)
            {
                continue;
            }

            if (child is not IElement e)
            {
                target.AppendChild(child.Clone(deep: true));
                continue;
            }

            if (IsRemovable(e, stripUnlikely, insideTableOrCode))
            {
                continue;
            }

            var copy = (IElement)e.Clone(deep: false);
            target.AppendChild(copy);
            if (tracked.Contains(e))
            {
                originals[copy] = e;
            }

            CopyChildren(e, copy, stripUnlikely, insideTableOrCode || e.LocalName is "table" or "pre" or "code", tracked, originals);
        }
    }

    private static void Visit(IElement element, bool stripUnlikely, bool insideTableOrCode, List<INode> doomed)
    {
        foreach (var child in ChildNodes.Of(element))
        {
            if (child is IComment)
            {
                doomed.Add(child);
                continue;
            }

            if (child is not IElement e)
            {
                continue;
            }

            if (IsRemovable(e, stripUnlikely, insideTableOrCode))
            {
                doomed.Add(e);
                continue;
            }

            Visit(e, stripUnlikely, insideTableOrCode || e.LocalName is "table" or "pre" or "code", doomed);
        }
    }

    private static bool IsRemovable(IElement e, bool stripUnlikely, bool insideTableOrCode)
    {
        var name = e.LocalName;
        if (HtmlTags.NeverContent.Contains(name) || IsHidden(e))
        {
            return true;
        }

        if (!stripUnlikely || insideTableOrCode || name is "body" or "a" or "main" or "article")
        {
            return false;
        }

        if (e.ReadAttribute("role") is { } role && FurnitureRoles.Contains(role))
        {
            return true;
        }

        var names = ClassPatterns.NamesOf(e);
        return names.Length > 0 && (ClassPatterns.Match(names) & (NamePatterns.Unlikely | NamePatterns.MaybeCandidate)) == NamePatterns.Unlikely;
    }

    /// <summary>Whether the page hides <paramref name="e"/> from readers: not shown, or kept from screen readers.</summary>
    public static bool IsHidden(IElement e) =>
        string.Equals(e.ReadAttribute("aria-hidden"), "true", StringComparison.OrdinalIgnoreCase) || IsNotShown(e);

    /// <summary>Whether the page does not show <paramref name="e"/>: the hidden attribute, or an inline style that hides it.</summary>
    public static bool IsNotShown(IElement e) =>
        e.HasOwnAttribute("hidden") || (e.ReadAttribute("style") is { Length: > 8 } style && ClassPatterns.HiddenStyle().IsMatch(style));
}
