namespace Fathom.Text;

/// <summary>
/// The tokens of one word (a run of word characters), as <see cref="Words.Tokens"/> cuts it: the word
/// itself, or where it holds Chinese or Japanese characters, its runs of other letters whole and each
/// two adjacent characters of theirs (a lone one by itself). Read as spans, without allocating.
/// </summary>
internal ref struct WordPieces
{
    private readonly ReadOnlySpan<char> _word;
    private readonly bool _mixed;
    private int _start;
    private int _next;
    private int _end;

    public WordPieces(ReadOnlySpan<char> word)
    {
        _word = word;
        _mixed = word.ContainsAnyInRange('\u3040', '\uFF9F') && ContainsIdeographic(word);
        Current = default;
    }

    /// <summary>The token read last.</summary>
    public ReadOnlySpan<char> Current { get; private set; }

    public readonly WordPieces GetEnumerator() => this;

    public bool MoveNext()
    {
        if (!_mixed)
        {
            if (_next > 0 || _word.IsEmpty)
            {
                return false;
            }

            Current = _word;
            _next = _word.Length;
            return true;
        }

        // Inside a run of ideographs: the next pair, if the run has one more character.
        if (_next < _end)
        {
            Current = _word.Slice(_next - 1, 2);
            _next++;
            return true;
        }

        _start = _end;
        if (_start >= _word.Length)
        {
            return false;
        }

        var ideographic = WordEstimate.IsIdeographic(_word[_start]);
        _end = _start + 1;
        while (_end < _word.Length && WordEstimate.IsIdeographic(_word[_end]) == ideographic)
        {
            _end++;
        }

        if (!ideographic || _end - _start == 1)
        {
            Current = _word[_start.._end];
            _next = _end;
            return true;
        }

        Current = _word.Slice(_start, 2);
        _next = _start + 2;
        return true;
    }

    private static bool ContainsIdeographic(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
        {
            if (WordEstimate.IsIdeographic(c))
            {
                return true;
            }
        }

        return false;
    }
}
