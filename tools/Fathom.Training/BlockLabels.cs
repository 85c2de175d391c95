using Fathom.Reading.Extraction.Blocks;

namespace Fathom.Training;

/// <summary>
/// Which blocks of a page are main content, read from the gold text: a block is content when its
/// words appear in the gold text in that order (or most of its 4-word runs do, for text the gold
/// copy rewrote slightly). Blocks of one to three words ("Home", "Share") match by chance, so they
/// count only where the gold text has them next to a neighbouring block's words.
/// </summary>
internal static class BlockLabels
{
    public static bool[] Of(IReadOnlyList<ContentBlock> blocks, string gold)
    {
        var goldTokens = WordBag.Tokens(gold);
        var joined = " " + string.Join(' ', goldTokens) + " ";
        var shingles = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 4 <= goldTokens.Count; i++)
        {
            shingles.Add(string.Join(' ', goldTokens, i, 4));
        }

        var labels = new bool[blocks.Count];
        var tokensOf = blocks.Select(b => WordBag.Tokens(b.Text)).ToList();
        for (var b = 0; b < blocks.Count; b++)
        {
            var tokens = tokensOf[b];
            if (tokens.Count == 0)
            {
                continue;
            }

            if (!joined.Contains(" " + string.Join(' ', tokens) + " ", StringComparison.Ordinal))
            {
                if (tokens.Count >= 6)
                {
                    var hits = 0;
                    for (var i = 0; i + 4 <= tokens.Count; i++)
                    {
                        hits += shingles.Contains(string.Join(' ', tokens.GetRange(i, 4))) ? 1 : 0;
                    }

                    labels[b] = hits >= 0.6 * (tokens.Count - 3);
                }

                continue;
            }

            if (tokens.Count >= 4)
            {
                labels[b] = true;
                continue;
            }

            // A short block counts where the gold text has it next to the words of a neighbour.
            var before = b > 0 ? tokensOf[b - 1].TakeLast(3) : [];
            var after = b + 1 < blocks.Count ? tokensOf[b + 1].Take(3) : [];
            labels[b] = (before.Any() && joined.Contains(" " + string.Join(' ', before.Concat(tokens)) + " ", StringComparison.Ordinal))
                || (after.Any() && joined.Contains(" " + string.Join(' ', tokens.Concat(after)) + " ", StringComparison.Ordinal));
        }

        var result = labels;
        return result;
    }
}
