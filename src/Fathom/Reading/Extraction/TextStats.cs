using AngleSharp.Dom;
using Fathom.Text;

namespace Fathom.Reading.Extraction;

/// <summary>
/// Text measures of elements (characters with whitespace collapsed, characters inside links,
/// commas), computed once per element and reused: scoring asks for the same subtrees many times.
/// Build a new instance after the tree changes.
/// </summary>
internal sealed class TextStats
{
    private readonly Dictionary<IElement, TextMeasure> memo = new(ReferenceEqualityComparer.Instance);

    /// <summary>The measures of <paramref name="element"/> and everything inside it.</summary>
    public TextMeasure Of(IElement element)
    {
        if (memo.TryGetValue(element, out var known))
        {
            return known;
        }

        int chars = 0, linkChars = 0, commas = 0;
        foreach (var child in ChildNodes.Of(element))
        {
            if (child is IText text)
            {
                var (length, commaCount) = Measure(text.Data);
                chars += length;
                commas += commaCount;
            }
            else if (child is IElement inner)
            {
                var m = Of(inner);
                chars += m.Chars;
                commas += m.Commas;
                linkChars += inner.LocalName == "a" ? m.Chars : m.LinkChars;
            }
        }

        var measure = new TextMeasure(chars, linkChars, commas);
        memo[element] = measure;
        return measure;
    }

    /// <summary>Share of the text of <paramref name="element"/> that sits inside links, 0 when it has none.</summary>
    public double LinkDensity(IElement element)
    {
        var m = Of(element);
        return m.Chars == 0 ? 0 : (double)m.LinkChars / m.Chars;
    }

    /// <summary>
    /// Length with every whitespace run counted as one character and each character of a script written
    /// without spaces as wide as its share of a word (<see cref="WordEstimate.Width"/>), and the commas in it.
    /// </summary>
    public static (int Length, int Commas) Measure(string text)
    {
        int length = 0, commas = 0;
        var inSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                if (!inSpace)
                {
                    length++;
                    inSpace = true;
                }

                continue;
            }

            inSpace = false;
            length += WordEstimate.Width(c);
            if (Punctuation.IsComma(c))
            {
                commas++;
            }
        }

        return (length, commas);
    }
}

/// <summary>Text measures of one element.</summary>
internal readonly record struct TextMeasure(int Chars, int LinkChars, int Commas);
