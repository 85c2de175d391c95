namespace Fathom.Text;

/// <summary>
/// The tokens of one word (a run of word characters), as <see cref="Words.Tokens"/> cuts it: the word
/// itself, or where it holds Chinese, Japanese or Korean characters (see <see cref="IsPaired"/>), its
/// runs of other letters whole and each two adjacent characters of theirs (a lone one by itself).
/// Read as spans, without allocating.
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
        _mixed = HasPaired(word);
        Current = default;
    }

    /// <summary>
    /// Whether <paramref name="c"/> is read in pairs: a Chinese or Japanese character (those scripts put
    /// no space between words), or a Korean syllable (Korean puts spaces between phrases, each a word
    /// with its particles: 서울에서 is "in Seoul", and its pairs hold 서울).
    /// </summary>
    public static bool IsPaired(char c) => WordEstimate.IsIdeographic(c) || c is >= '\uAC00' and <= '\uD7A3';

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

        // Inside a run read in pairs: the next pair, if the run has one more character.
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

        var paired = IsPaired(_word[_start]);
        _end = _start + 1;
        while (_end < _word.Length && IsPaired(_word[_end]) == paired)
        {
            _end++;
        }

        if (!paired || _end - _start == 1)
        {
            Current = _word[_start.._end];
            _next = _end;
            return true;
        }

        Current = _word.Slice(_start, 2);
        _next = _start + 2;
        return true;
    }

    /// <summary>Whether <paramref name="text"/> holds a character read in pairs (see <see cref="IsPaired"/>).</summary>
    public static bool HasPaired(ReadOnlySpan<char> text)
    {
        // Every such character lies in this range: most text is ruled out by one vectorised search.
        if (!text.ContainsAnyInRange('\u3040', '\uFF9F'))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (IsPaired(c))
            {
                return true;
            }
        }

        return false;
    }
}
