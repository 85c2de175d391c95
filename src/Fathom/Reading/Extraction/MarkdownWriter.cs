using System.Text;
using AngleSharp.Dom;

namespace Fathom.Reading.Extraction;

/// <summary>
/// Writes article content as Markdown (headings, lists, tables, quotes, code, links and images kept)
/// and, in the same walk, as plain text: the same blocks without markup, which is what quotes are
/// taken from.
/// </summary>
/// <param name="baseUri">What relative links and image addresses resolve against.</param>
/// <param name="sharedImages">
/// The images written so far, shared by the writers of one page's lists and quotes: an image is shown
/// once. Galleries and carousels repeat their pictures (clones for the loop, thumbnails, a zoomed
/// copy), and a placeholder or an icon can stand a hundred times on one page. A table's cells get
/// their own, as a tick or a cross in a comparison table says something in every cell it stands in.
/// </param>
internal sealed class MarkdownWriter(Uri? baseUri, HashSet<string>? sharedImages = null)
{
    private readonly HashSet<string> shownImages = sharedImages ?? new(StringComparer.Ordinal);

    private readonly List<TextBlock> blocks = [];
    private readonly StringBuilder markdown = new();
    private readonly StringBuilder text = new();

    // Counts flushes so inline markup can tell that a block inside it (invalid but common) split its text.
    private int flushes;

    // Set at the edges of a link: where a link meets a word with no space between (common in Chinese
    // and Japanese pages), the plain text gets one so the link's words stay words of their own.
    private bool linkEdge;

    // Set where an element follows another with no text between: the next word gets a space in both
    // texts where ElementEdges sets the words apart.
    private bool elementEdge;

    /// <summary>The blocks written so far.</summary>
    public IReadOnlyList<TextBlock> Blocks
    {
        get
        {
            Flush();
            return blocks;
        }
    }

    /// <summary>Writes the content of <paramref name="element"/>, the element itself included.</summary>
    public void Write(IElement element)
    {
        Element(element);
        Flush();
    }

    /// <summary>Writes the children of <paramref name="element"/>.</summary>
    public void WriteChildren(IElement element)
    {
        Children(element);
        Flush();
    }

    private void Children(IElement element)
    {
        var afterElement = false;
        foreach (var child in ChildNodes.Of(element))
        {
            if (child is IText t)
            {
                AppendText(t.Data);
                afterElement = false;
            }
            else if (child is IElement e)
            {
                elementEdge |= afterElement;
                Element(e);
                afterElement = true;
            }
        }
    }

    private void Element(IElement e)
    {
        var name = e.LocalName;
        var level = HtmlTags.HeadingLevel(name);
        if (level > 0)
        {
            Flush();
            Children(e);
            Flush(new string('#', level) + " ", BlockKind.Heading);
            return;
        }

        switch (name)
        {
            case "br":
                LineBreak();
                return;
            case "hr":
                Flush();
                return;
            case "ul" or "ol":
                Flush();
                List(e, ordered: name == "ol");
                return;
            case "table" when TableKind.IsDataTable(e):
                Flush();
                if (MarkdownTable.Write(e, baseUri) is { } rendered)
                {
                    blocks.Add(rendered);
                }

                return;
            case "pre":
                Flush();
                Preformatted(e);
                return;
            case "blockquote":
                Flush();
                Nested(e, "> ", "> ");
                return;
            case "img":
                Image(e);
                return;
            case "a":
                Link(e);
                return;
            case "strong" or "b":
                Wrap(e, "**");
                return;
            case "em" or "i":
                Wrap(e, "*");
                return;
            case "code" or "kbd" or "samp":
                Wrap(e, "`");
                return;
            case "sup" or "sub":
                AppendText(" ");
                Children(e);
                AppendText(" ");
                return;
        }

        if (HtmlTags.Block.Contains(name))
        {
            Flush();
            Children(e);
            Flush();
        }
        else
        {
            Children(e);
        }
    }

    private void List(IElement list, bool ordered)
    {
        var number = 1;
        var lines = new List<TextBlock>();
        foreach (var item in ChildNodes.ElementsOf(list))
        {
            if (item.LocalName is "ul" or "ol")
            {
                // Lists nested straight in lists (invalid but common) belong to the previous item.
                var nested = new MarkdownWriter(baseUri, shownImages);
                nested.Write(item);
                lines.AddRange(nested.Blocks.Select(b => b.Indent("  ", "  ")));
                continue;
            }

            var writer = new MarkdownWriter(baseUri, shownImages);
            writer.WriteChildren(item);
            var marker = ordered ? $"{number++}. " : "- ";
            var first = true;
            foreach (var block in writer.Blocks)
            {
                lines.Add(first ? block.Indent(marker, new string(' ', marker.Length)) : block.Indent(new string(' ', marker.Length), new string(' ', marker.Length)));
                first = false;
            }
        }

        if (lines.Count > 0)
        {
            blocks.Add(new TextBlock(
                string.Join('\n', lines.Select(l => l.Markdown)),
                string.Join('\n', lines.Where(l => l.Text.Length > 0).Select(l => l.Text)),
                BlockKind.List));
        }
    }

    private void Preformatted(IElement pre)
    {
        var code = pre.TextContent.Trim('\n', '\r');
        if (code.Trim().Length == 0)
        {
            return;
        }

        blocks.Add(new TextBlock("```" + CodeLanguage.Of(pre) + "\n" + code + "\n```", code, BlockKind.Code));
    }

    private void Nested(IElement e, string firstPrefix, string restPrefix)
    {
        var writer = new MarkdownWriter(baseUri, shownImages);
        writer.WriteChildren(e);
        foreach (var block in writer.Blocks)
        {
            blocks.Add(block.Indent(firstPrefix, restPrefix));
        }
    }

    private void Image(IElement img)
    {
        if (ImageSource.Of(img) is not { } src || !shownImages.Add(src = Resolve(src)))
        {
            return;
        }

        var alt = Fathom.Text.Words.NormalizeSpace(img.ReadAttribute("alt") ?? string.Empty).Replace("]", "\\]", StringComparison.Ordinal);
        markdown.Append("![").Append(alt).Append("](").Append(src).Append(')');
    }

    private void Link(IElement a)
    {
        var href = a.ReadAttribute("href");
        var start = markdown.Length;
        var flushed = flushes;
        linkEdge = true;
        Children(a);
        linkEdge = true;
        if (flushed != flushes || string.IsNullOrWhiteSpace(href) || href.StartsWith('#') || href.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var inner = markdown.ToString(start, markdown.Length - start);
        if (inner.Trim().Length == 0)
        {
            return;
        }

        var lead = inner.Length - inner.TrimStart().Length;
        var trail = inner.Length - inner.TrimEnd().Length;
        markdown.Remove(start, markdown.Length - start);
        markdown.Append(' ', lead).Append('[').Append(inner.Trim()).Append("](").Append(Resolve(href)).Append(')').Append(' ', trail);
    }

    private void Wrap(IElement e, string marker)
    {
        var start = markdown.Length;
        var flushed = flushes;
        Children(e);
        if (flushed != flushes)
        {
            return;
        }

        var inner = markdown.ToString(start, markdown.Length - start);
        if (inner.Trim().Length == 0 || inner.Contains('\n', StringComparison.Ordinal))
        {
            return;
        }

        var lead = inner.Length - inner.TrimStart().Length;
        var trail = inner.Length - inner.TrimEnd().Length;
        markdown.Remove(start, markdown.Length - start);
        markdown.Append(' ', lead).Append(marker).Append(inner.Trim()).Append(marker).Append(' ', trail);
    }

    private string Resolve(string href)
    {
        href = href.Trim();
        if (baseUri is { IsFile: true } && href.StartsWith('/'))
        {
            // A page read from a file whose web address is unknown: a link to another host keeps its
            // host (on the web's scheme), and a path from the site's root stays as written; resolved
            // against the file they would name the reader's own disk.
            return Escape(href.StartsWith("//", StringComparison.Ordinal) ? "https:" + href : href);
        }

        if (baseUri is not null && Uri.TryCreate(baseUri, href, out var absolute))
        {
            return Escape(absolute.AbsoluteUri);
        }

        return Escape(href);
    }

    /// <summary>A link target as Markdown can hold it: a closing parenthesis or a space would end it.</summary>
    private static string Escape(string href) => href.Replace(")", "%29", StringComparison.Ordinal).Replace(" ", "%20", StringComparison.Ordinal);

    private void AppendText(string data)
    {
        foreach (var c in data)
        {
            if (char.IsWhiteSpace(c) && c != '\u00a0')
            {
                if (text.Length > 0 && !EndsWithSpace(text))
                {
                    text.Append(' ');
                }

                if (markdown.Length > 0 && !EndsWithSpace(markdown))
                {
                    markdown.Append(' ');
                }

                continue;
            }

            var ch = c == '\u00a0' ? ' ' : c;
            if (elementEdge && text.Length > 0 && ElementEdges.ApartAt(text[^1], ch))
            {
                text.Append(' ');
                markdown.Append(' ');
            }
            else if (linkEdge && text.Length > 0 && char.IsLetterOrDigit(text[^1]) && char.IsLetterOrDigit(ch))
            {
                text.Append(' ');
            }

            linkEdge = false;
            elementEdge = false;
            text.Append(ch);
            markdown.Append(ch);
        }
    }

    private static bool EndsWithSpace(StringBuilder sb) => sb[^1] is ' ' or '\n';

    private void LineBreak()
    {
        // Two breaks in a row are how older pages separate paragraphs.
        if (text.Length > 0 && text[^1] == '\n')
        {
            Flush();
            return;
        }

        TrimEnd(text);
        TrimEnd(markdown);
        if (text.Length > 0)
        {
            text.Append('\n');
        }

        if (markdown.Length > 0)
        {
            markdown.Append("  \n");
        }
    }

    private void Flush(string prefix = "", BlockKind kind = BlockKind.Paragraph)
    {
        flushes++;
        var plain = text.ToString().Trim();
        var md = markdown.ToString().Trim();
        text.Clear();
        markdown.Clear();
        if (md.Length == 0)
        {
            return;
        }

        blocks.Add(new TextBlock(prefix + (kind == BlockKind.Heading ? WithoutWholeEmphasis(md) : md), plain, plain.Length == 0 && kind == BlockKind.Paragraph ? BlockKind.Image : kind));
    }

    /// <summary>
    /// A heading's Markdown without emphasis around the whole of it: a heading is strong already, and
    /// sites that bold their headings in the markup as well as in their styles (a tenth of the headings
    /// of the multi-type pages) would otherwise be written "## **Pricing**".
    /// </summary>
    private static string WithoutWholeEmphasis(string md)
    {
        // Bold, italic, or both ("***Pricing***"); "**Fees** and **grants**" is two, and stays.
        foreach (var marker in (ReadOnlySpan<string>)["**", "*"])
        {
            if (md.Length > 2 * marker.Length && md.StartsWith(marker, StringComparison.Ordinal) && md.EndsWith(marker, StringComparison.Ordinal)
                && !md.AsSpan(marker.Length, md.Length - 2 * marker.Length).Contains(marker, StringComparison.Ordinal))
            {
                md = md[marker.Length..^marker.Length];
            }
        }

        return md;
    }

    private static void TrimEnd(StringBuilder sb)
    {
        while (sb.Length > 0 && sb[^1] == ' ')
        {
            sb.Length--;
        }
    }
}
