using System.Text;
using AngleSharp.Dom;
using Fathom.Text;

namespace Fathom.Reading.Extraction.Blocks;

/// <summary>
/// Cuts a page into <see cref="ContentBlock"/>s: the text between block boundaries, each attributed to
/// the innermost block-level element that holds it. Scripts, styles, templates and media hold no
/// readable text and are skipped; navigation, headers, footers and forms are kept, for the classifier
/// to judge from their features. So is <c>noscript</c>: forum software serves whole threads in it to
/// readers without scripts.
/// </summary>
internal sealed class BlockSegmenter
{
    private static readonly HashSet<string> Unreadable = new(StringComparer.Ordinal)
    {
        "script", "style", "template", "svg", "canvas", "object", "embed", "applet", "audio", "video",
        "source", "track", "map", "area", "head", "title", "link", "meta", "base", "param", "iframe", "frame",
        "frameset", "select", "option", "optgroup", "textarea", "input", "math", "datalist", "rp", "rt",
    };

    private readonly List<ContentBlock> blocks = [];
    private readonly StringBuilder text = new();
    private readonly Stack<(IElement Element, int Depth)> holders = new();
    private ContentBlock? current;
    private int linkDepth;
    private int hiddenDepth;

    // The last character of text (read far more often than the builder could answer cheaply).
    private char last;

    // Whether a line break came after the block's last words: a second one ends the block.
    private bool afterBreak;

    /// <summary>The blocks of <paramref name="body"/>, in page order.</summary>
    public static List<ContentBlock> Segment(IElement body)
    {
        var segmenter = new BlockSegmenter();
        segmenter.holders.Push((body, 0));
        segmenter.Children(body, 0);
        segmenter.Flush();
        return segmenter.blocks;
    }

    /// <summary>Whether <paramref name="name"/> never holds readable text.</summary>
    public static bool IsUnreadable(string name) => Unreadable.Contains(name);

    private void Children(IElement element, int depth)
    {
        foreach (var child in ChildNodes.Of(element))
        {
            switch (child)
            {
                case IText t:
                    Text(t);
                    break;
                case IElement e:
                    Element(e, depth + 1);
                    break;
            }
        }
    }

    private void Element(IElement e, int depth)
    {
        var name = e.LocalName;
        if (Unreadable.Contains(name))
        {
            return;
        }

        var hidden = PageCleaner.IsHidden(e);
        if (hidden)
        {
            hiddenDepth++;
        }

        if (name == "br")
        {
            // Two line breaks with nothing but space between them show a blank line: the page's own
            // paragraph break where its text sits loose in a container (a dateline, then the story).
            if (afterBreak)
            {
                Flush();
            }
            else
            {
                text.Append(' ');
                last = ' ';
                afterBreak = current is not null;
            }
        }
        else if (HtmlTags.Block.Contains(name) || name is "label" or "button" or "legend" or "fieldset" or "option")
        {
            Flush();
            holders.Push((e, depth));
            Children(e, depth);
            Flush();
            holders.Pop();
        }
        else if (name == "a")
        {
            linkDepth++;
            Open().Links++;
            Children(e, depth);
            linkDepth--;
        }
        else
        {
            // Inline markup ends a word only where the page puts space; table-cell-like inline blocks rarely do.
            Children(e, depth);
        }

        if (hidden)
        {
            hiddenDepth--;
        }
    }

    private void Text(IText node)
    {
        var data = node.Data;
        if (data.Length == 0)
        {
            return;
        }

        var block = Open();
        block.Nodes.Add(node);
        var before = text.Length;

        // Runs of other characters are appended whole; each run of white space becomes one space
        // (none at the start of a block, none after a space already there).
        var span = data.AsSpan();
        var run = -1;
        for (var i = 0; i < span.Length; i++)
        {
            if (!char.IsWhiteSpace(span[i]))
            {
                run = run < 0 ? i : run;
                continue;
            }

            if (run >= 0)
            {
                text.Append(span[run..i]);
                last = span[i - 1];
                run = -1;
            }

            if (text.Length > 0 && last != ' ')
            {
                text.Append(' ');
                last = ' ';
            }
        }

        if (run >= 0)
        {
            text.Append(span[run..]);
            last = span[^1];
        }

        afterBreak &= text.Length == before || (text.Length == before + 1 && last == ' ');

        if (linkDepth > 0)
        {
            block.LinkChars += text.Length - before;
        }

        if (hiddenDepth > 0)
        {
            block.Hidden = true;
        }
    }

    private ContentBlock Open()
    {
        if (current is null)
        {
            var (element, depth) = holders.Peek();
            current = new ContentBlock(element, blocks.Count, depth);
        }

        return current;
    }

    private void Flush()
    {
        if (current is null)
        {
            return;
        }

        var value = text.ToString().Trim();
        text.Clear();
        if (value.Length > 0)
        {
            current.Text = value;
            current.LinkChars = Math.Min(current.LinkChars, value.Length);
            current.Words = WordEstimate.Of(value);
            blocks.Add(current);
        }

        current = null;
        afterBreak = false;
    }
}
