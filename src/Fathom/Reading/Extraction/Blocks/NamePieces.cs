using AngleSharp.Dom;

namespace Fathom.Reading.Extraction.Blocks;

/// <summary>
/// The words an element's class, id, itemprop and role names are made of, lower-cased:
/// <c>product-card__title--large</c> and <c>productCardTitle</c> both give product, card, title;
/// digits and punctuation separate words and are dropped. What <see cref="NameEvidence"/> has learned
/// about each word is what the element's names say of its content.
/// </summary>
internal static class NamePieces
{
    /// <summary>More words than this of one attribute are not read (a utility-class soup says little more).</summary>
    private const int MaxPerAttribute = 24;

    // Pages repeat the same few attribute values on thousands of elements: each distinct value is cut once per thread.
    [ThreadStatic]
    private static Dictionary<string, string[]>? cache;

    /// <summary>The words of the element's names: its class's, id's, itemprop's and role's, in that order (an empty array when it has none).</summary>
    public static string[] Of(IElement e)
    {
        var (cls, id, prop, role) = ByAttribute(e);
        if (id.Length + prop.Length + role.Length == 0)
        {
            return cls;
        }

        return [.. cls, .. id, .. prop, .. role];
    }

    /// <summary>The words of each of the element's names apart, in the order <see cref="Of"/> joins them.</summary>
    public static (string[] Class, string[] Id, string[] ItemProp, string[] Role) ByAttribute(IElement e) =>
        (Cut(e.ReadAttribute("class")), Cut(e.Id), Cut(e.ReadAttribute("itemprop")), Cut(e.ReadAttribute("role")));

    /// <summary>The words of one attribute value, each once, in the order they first appear.</summary>
    internal static string[] Cut(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return [];
        }

        var known = cache ??= new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (known.TryGetValue(value, out var pieces))
        {
            return pieces;
        }

        // A bound on memory for a process that reads pages for days; clearing only costs cutting again.
        if (known.Count >= 50_000)
        {
            known.Clear();
        }

        pieces = Split(value);
        known[value] = pieces;
        return pieces;
    }

    private static string[] Split(string value)
    {
        List<string>? words = null;
        var i = 0;
        while (i < value.Length && (words is null || words.Count < MaxPerAttribute))
        {
            if (!char.IsLetter(value[i]))
            {
                i++;
                continue;
            }

            // A word ends at a character that is not a letter, or where a capital follows a small letter (camelCase).
            var start = i++;
            while (i < value.Length && char.IsLetter(value[i]) && !(char.IsUpper(value[i]) && char.IsLower(value[i - 1])))
            {
                i++;
            }

            if (i - start < 2)
            {
                continue;
            }

            var word = value[start..i].ToLowerInvariant();
            words ??= [];
            if (!words.Contains(word))
            {
                words.Add(word);
            }
        }

        return words is null ? [] : [.. words];
    }
}
