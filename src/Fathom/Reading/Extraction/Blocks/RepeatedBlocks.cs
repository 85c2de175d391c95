using System.Text;
using AngleSharp.Dom;

namespace Fathom.Reading.Extraction.Blocks;

/// <summary>
/// Keeps one copy of a text the page prints more than once. A forum reply quotes the post it answers
/// (whole, or the sentence it answers); a responsive layout carries the story once for phones and
/// once for desktops; a pull quote repeats a paragraph. A reader wants each once. So a kept block
/// goes when a kept block before it has the same text, or, inside a quotation, when the kept text
/// before it holds its text. A short line under other headings than its first copy is kept: it is
/// that section's own (<see cref="TemplateLineWords"/>). The price: a line a page repeats on purpose
/// within one section (the same question put to each of twenty people) is kept the first time only;
/// keeping isolated repeats outside quotations scored lower on both sets measured. Short repeats are
/// left alone, on a collection longer ones too (<see cref="MinWordsFor"/>); documentation pages are
/// left whole: their tabs and examples repeat snippets and steps that their readers need in each
/// place (chosen by cross-validation, <c>docs/page-extraction.md</c>).
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
    /// A repeated line shorter than this is a line of its section's template when the section differs:
    /// a meal plan's "Drink 20–30 minutes before your workout" under each plan, a recipe's "Salt and
    /// pepper, to taste" under each dish. Each section needs its own; it goes only where the same
    /// headings stand above both copies. Longer repeats go wherever they fall: a paragraph printed
    /// again under other headings is a page's second copy (a phone layout, a template's filler).
    /// The same length as a collection's item descriptions (<see cref="MinWordsFor"/>); not tuned.
    /// </summary>
    public const int TemplateLineWords = 12;

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
        var outline = new SectionOutline();
        for (var i = 0; i < keep.Length; i++)
        {
            if (!keep[i])
            {
                continue;
            }

            var text = blocks[i].Text;
            outline.Read(blocks[i]);
            if (blocks[i].Words >= minWords)
            {
                seen ??= new(StringComparer.Ordinal);
                var key = blocks[i].Words < TemplateLineWords ? outline.Key(text) : text;
                if (seen.Contains(key) || (blocks[i].Quoted && before is not null && (beforeText ??= before.ToString()).Contains(text, StringComparison.Ordinal)))
                {
                    keep[i] = false;
                    continue;
                }

                seen.Add(key);
            }

            (before ??= new()).Append(text).Append('\n');
            beforeText = null;
        }
    }

    /// <summary>Whether <paramref name="element"/> is a quotation (<c>blockquote</c> or <c>q</c>).</summary>
    public static bool IsQuotation(IElement element) => element.LocalName is "blockquote" or "q";
}
