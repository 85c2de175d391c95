using AngleSharp.Dom;

namespace Fathom.Reading.Extraction.Blocks;

/// <summary>
/// Recognises the shell of a page its scripts build: markup whose only text is what a
/// <c>noscript</c> element tells a reader without scripts ("You need to enable JavaScript to run this
/// app"). The notice is not the page's content, and there is none in the markup to read. A long
/// <c>noscript</c> text is content (forum software serves whole threads there), so only a notice
/// of a few sentences counts.
/// </summary>
internal static class ScriptShell
{
    /// <summary>The most words a notice to readers without scripts has.</summary>
    public const int NoticeWords = 40;

    /// <summary>
    /// Whether every block of the page that holds words lies inside a <c>noscript</c> element and they
    /// hold at most <see cref="NoticeWords"/> words between them (a page with no words is no shell).
    /// </summary>
    public static bool IsShell(IReadOnlyList<ContentBlock> blocks)
    {
        var words = 0;
        foreach (var block in blocks)
        {
            if (block.Words == 0)
            {
                continue;
            }

            if (block.Element.Closest("noscript") is null)
            {
                return false;
            }

            words += block.Words;
            if (words > NoticeWords)
            {
                return false;
            }
        }

        return words > 0;
    }
}
