namespace Fathom.Reading.Extraction.Blocks;

/// <summary>
/// Keeps one copy of a text the page prints more than once. A forum reply quotes the post it answers;
/// a responsive layout carries the story once for phones and once for desktops; a pull quote repeats
/// a paragraph. A reader wants each once. The price: a line a page repeats on purpose (the same
/// question put to each of twenty people) is kept the first time only; keeping isolated repeats or
/// dropping only repeats inside quotations or beside other repeats scored lower on every set
/// measured. Documentation pages are left whole: their tabs and examples repeat snippets and steps
/// that their readers need in each place (the types and <see cref="MinWords"/> are chosen by
/// cross-validation, <c>docs/page-extraction.md</c>).
/// </summary>
internal static class RepeatedBlocks
{
    /// <summary>Blocks shorter than this many words ("Reply", "Read more") are left alone.</summary>
    public const int MinWords = 5;

    /// <summary>Clears <paramref name="keep"/> for every kept block whose text a kept block before it already has.</summary>
    public static void Drop(bool[] keep, IReadOnlyList<ContentBlock> blocks, int minWords = MinWords) =>
        Drop(keep, i => blocks[i].Text, i => blocks[i].Words, minWords);

    /// <summary>As <see cref="Drop(bool[], IReadOnlyList{ContentBlock}, int)"/>, over what the article-bounds decision reads of each block.</summary>
    public static void Drop(bool[] keep, IReadOnlyList<ArticleBounds.Block> blocks, int minWords = MinWords) =>
        Drop(keep, i => blocks[i].Text, i => blocks[i].Words, minWords);

    private static void Drop(bool[] keep, Func<int, string> text, Func<int, int> words, int minWords)
    {
        HashSet<string>? seen = null;
        for (var i = 0; i < keep.Length; i++)
        {
            if (keep[i] && words(i) >= minWords && !(seen ??= new(StringComparer.Ordinal)).Add(text(i)))
            {
                keep[i] = false;
            }
        }
    }
}
