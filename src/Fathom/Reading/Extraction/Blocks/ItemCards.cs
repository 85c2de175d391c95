using AngleSharp.Dom;

namespace Fathom.Reading.Extraction.Blocks;

/// <summary>
/// On a page of items (a shop's category, a listing), an item's name and its price are kept
/// together: a price without the name of what it prices tells a reader nothing, and a name without
/// its price leaves out what the reader came to compare. The classifier scores the two apart (a
/// name is link text, which elsewhere is navigation), so one is often kept without the other.
/// An item's card is the smallest element holding both, so long as it holds a handful of blocks
/// (one card, not the grid); its name comes before its price, as cards are laid out.
/// </summary>
internal static class ItemCards
{
    /// <summary>How many blocks apart an item's name and its price may be.</summary>
    public const int Reach = 3;

    /// <summary>The most blocks one card holds.</summary>
    public const int CardBlocks = 8;

    /// <summary>The most words a block that states a price has.</summary>
    public const int PriceWords = 8;

    /// <summary>Sets <paramref name="keep"/> for the name of each kept price and the price of each kept name.</summary>
    public static void Keep(bool[] keep, IReadOnlyList<ContentBlock> blocks)
    {
        var add = new List<int>();
        for (var i = 0; i < blocks.Count; i++)
        {
            if (!keep[i])
            {
                continue;
            }

            if (IsPrice(blocks[i]) && NameOf(keep, blocks, i) is { } name)
            {
                add.Add(name);
            }
            else if (IsName(blocks[i]) && PriceOf(keep, blocks, i) is { } price)
            {
                add.Add(price);
            }
        }

        foreach (var i in add)
        {
            keep[i] = true;
        }
    }

    /// <summary>
    /// The name in the card of the price at <paramref name="price"/>, where none of its card is kept:
    /// the first name-like block before it (a card's later links are its reviews and actions).
    /// </summary>
    private static int? NameOf(bool[] keep, IReadOnlyList<ContentBlock> blocks, int price)
    {
        int? name = null;
        for (var j = Math.Max(0, price - Reach); j < price; j++)
        {
            if (!IsName(blocks[j]) || !SameCard(blocks, j, price))
            {
                continue;
            }

            if (keep[j])
            {
                return null;
            }

            name ??= j;
        }

        return name;
    }

    /// <summary>The first price after the name at <paramref name="name"/> in its card, where no price of that card is kept.</summary>
    private static int? PriceOf(bool[] keep, IReadOnlyList<ContentBlock> blocks, int name)
    {
        for (var j = name + 1; j <= name + Reach && j < blocks.Count; j++)
        {
            if (IsPrice(blocks[j]) && SameCard(blocks, name, j))
            {
                return keep[j] ? null : j;
            }
        }

        return null;
    }

    /// <summary>A short visible block that states an amount of money.</summary>
    private static bool IsPrice(ContentBlock b) => !b.Hidden && b.Words <= PriceWords && Prices.IsStated(b.Text);

    /// <summary>A visible block of two words or more, mostly link text, that states no price: an item's name as cards link it.</summary>
    private static bool IsName(ContentBlock b) => !b.Hidden && b.Words >= 2 && 2 * b.LinkChars >= b.Text.Length && !Prices.IsStated(b.Text);

    /// <summary>Whether blocks <paramref name="a"/> and <paramref name="b"/> (a before b) lie in one small element below the page's body.</summary>
    private static bool SameCard(IReadOnlyList<ContentBlock> blocks, int a, int b)
    {
        var card = CommonAncestor.Of(blocks[a].Element, blocks[b].Element);
        if (card is null || card.LocalName is "body" or "html")
        {
            return false;
        }

        // Blocks follow the document's order, so those inside the card are a run around a and b.
        var count = b - a + 1;
        for (var j = a - 1; j >= 0 && count <= CardBlocks && card.Contains(blocks[j].Element); j--)
        {
            count++;
        }

        for (var j = b + 1; j < blocks.Count && count <= CardBlocks && card.Contains(blocks[j].Element); j++)
        {
            count++;
        }

        return count <= CardBlocks;
    }
}
