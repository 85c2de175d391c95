using AngleSharp.Dom;

namespace Fathom.Reading.Extraction;

/// <summary>
/// Removes the furniture that sits inside the article container, one concern after another: blocks
/// named as furniture, containers that are not prose, tag lists, the headline, and the short lines
/// sites set in the article flow.
/// </summary>
internal static class ContentPruner
{
    /// <summary>Prunes <paramref name="root"/> in place; <paramref name="cleanConditionally"/> is off on the last, loosest pass.</summary>
    public static void Prune(IElement root, string title, bool cleanConditionally)
    {
        NamedBoilerplate.Remove(root);
        if (cleanConditionally)
        {
            ConditionalCleaner.Clean(root);
        }

        TagLinks.Remove(root);
        TitleHeadings.Remove(root, title);
        FurnitureLines.Remove(root);
    }
}
