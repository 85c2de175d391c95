using System.Text;
using AngleSharp.Dom;

namespace Fathom.Reading.Extraction.Blocks;

/// <summary>
/// Keeps one copy of a text the page prints more than once. A forum reply quotes the post it answers
/// (whole, or the sentence it answers); a responsive layout carries the story once for phones and
/// once for desktops; a pull quote repeats a paragraph. A reader wants each once. So a kept block
/// goes when a kept block before it has the same text, or, inside a quotation, when the kept text
/// before it holds its text. The price: a line a page repeats on purpose (the same question put to
/// each of twenty people) is kept the first time only; keeping isolated repeats outside quotations
/// scored lower on both sets measured. Short repeats are left alone, on a collection longer ones too
/// (<see cref="MinWordsFor"/>); documentation pages are left whole: their tabs and examples repeat
/// snippets and steps that their readers need in each place (chosen by cross-validation,
/// <c>docs/page-extraction.md</c>).
/// </summary>
internal static class RepeatedBlocks
{
    /// <summary>
    /// Blocks shorter than this many words are left alone: besides widgets ("Reply", "Read more"),
    /// short repeats are data: a poster's name on each of their posts, a value a specification
    /// shares with the next, a feature every plan of a price table lists, each job's location.
    /// </summary>
    public const int MinWords = 5;

    /// <summary>
    /// The fewest words a repeated block of a page of <paramref name="type"/> must have to be dropped,
    /// or null where repeats are kept: on a collection the items share descriptions of a few words
    /// that belong to each.
    /// </summary>
    public static int? MinWordsFor(PageType type) => type switch
    {
        PageType.Documentation => null,
        PageType.Collection => 12,
        _ => MinWords,
    };

    /// <summary>
    /// Clears <paramref name="keep"/> for every kept block that repeats kept text before it (see the
    /// type's summary), from what <see cref="ArticleBounds.Of"/> reads of each block (text, words, quotation).
    /// </summary>
    public static void Drop(bool[] keep, IReadOnlyList<ArticleBounds.Block> blocks, int minWords = MinWords)
    {
        HashSet<string>? seen = null;
        StringBuilder? before = null;
        string? beforeText = null;
        for (var i = 0; i < keep.Length; i++)
        {
            if (!keep[i])
            {
                continue;
            }

            var text = blocks[i].Text;
            if (blocks[i].Words >= minWords)
            {
                seen ??= new(StringComparer.Ordinal);
                if (seen.Contains(text) || (blocks[i].Quoted && before is not null && (beforeText ??= before.ToString()).Contains(text, StringComparison.Ordinal)))
                {
                    keep[i] = false;
                    continue;
                }

                seen.Add(text);
            }

            (before ??= new()).Append(text).Append('\n');
            beforeText = null;
        }
    }

    /// <summary>Whether <paramref name="element"/> is a quotation (<c>blockquote</c> or <c>q</c>).</summary>
    public static bool IsQuotation(IElement element) => element.LocalName is "blockquote" or "q";
}
