using AngleSharp.Dom;

namespace Fathom.Reading.Extraction.Blocks;

/// <summary>The smallest element holding two elements: what a post's header and its text, or an item's name and its price, share.</summary>
internal static class CommonAncestor
{
    /// <summary>The innermost element that is <paramref name="a"/> or holds it and holds <paramref name="b"/>, or null where none does.</summary>
    public static IElement? Of(IElement a, IElement b)
    {
        for (var e = a; e is not null; e = e.ParentElement)
        {
            if (e.Contains(b))
            {
                return e;
            }
        }

        return null;
    }
}
