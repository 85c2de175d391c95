using AngleSharp.Dom;

namespace Fathom.Reading.Extraction;

/// <summary>
/// Removes tag lists: blocks made mostly of two or more links marked <c>rel="tag"</c> (the microformat
/// blogs and news sites use for their topic links).
/// </summary>
internal static class TagLinks
{
    public static void Remove(IElement root)
    {
        var tags = root.QuerySelectorAll("a[rel~='tag']").ToList();
        if (tags.Count == 0)
        {
            return;
        }

        var tagSet = tags.ToHashSet();
        foreach (var tag in tags)
        {
            if (tag.Parent is null || !root.Contains(tag))
            {
                continue;
            }

            IElement doomed = tag;
            for (var parent = tag.ParentElement; parent is not null && parent != root; parent = parent.ParentElement)
            {
                var total = parent.TextContent.Trim().Length;
                var tagged = parent.QuerySelectorAll("a").Where(tagSet.Contains).Sum(a => a.TextContent.Trim().Length);
                if (total == 0 || tagged < total * 0.6)
                {
                    break;
                }

                doomed = parent;
            }

            // A tag link inside a sentence (some sites tag words in the text) is text, not a list.
            if (doomed == tag || doomed.QuerySelectorAll("a").Count(tagSet.Contains) < 2)
            {
                continue;
            }

            // The label before a tag list ("Tags", "Tags:") goes with it.
            if (doomed.PreviousElementSibling is { } label && BoilerplateLabels.IsLabel(label.TextContent))
            {
                label.Remove();
            }

            doomed.Remove();
        }
    }
}
