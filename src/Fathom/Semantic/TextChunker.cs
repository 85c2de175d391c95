namespace Fathom.Semantic;

/// <summary>A stretch of a document that gets one embedding: where it starts and how long it is.</summary>
public readonly record struct TextChunk(int Start, int Length);

/// <summary>
/// Cuts a document into chunks for embedding: whole paragraphs gathered up to a word target, and a
/// paragraph longer than the limit cut between words. A sentence embedder reads about 256 word
/// pieces, so a chunk of ~120 words is read whole and stays about one topic.
/// </summary>
public static class TextChunker
{
    /// <summary>Words a chunk gathers before it is closed.</summary>
    public const int TargetWords = 90;

    /// <summary>Most words in a chunk.</summary>
    public const int MaxWords = 140;

    /// <summary>The chunks of <paramref name="text"/>, in order; empty for a text of no words.</summary>
    public static List<TextChunk> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = WordStarts(text);
        var chunks = new List<TextChunk>();
        var first = 0;
        while (first < words.Count)
        {
            var last = first;
            // Grow to the target, then to the next paragraph break, never past the limit.
            while (last + 1 < words.Count && last + 1 - first < MaxWords)
            {
                var breaksParagraph = ParagraphBreakBetween(text, words[last].End, words[last + 1].Start);
                if (breaksParagraph && last + 1 - first >= TargetWords)
                {
                    break;
                }

                last++;
            }

            chunks.Add(new TextChunk(words[first].Start, words[last].End - words[first].Start));
            first = last + 1;
        }

        return chunks;
    }

    private static bool ParagraphBreakBetween(string text, int from, int to) =>
        text.AsSpan(from, to - from).IndexOf('\n') >= 0;

    private static List<(int Start, int End)> WordStarts(string text)
    {
        var words = new List<(int, int)>();
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i > start)
            {
                words.Add((start, i));
            }
        }

        return words;
    }
}
