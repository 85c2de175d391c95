using System.Text;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Fathom.Reports;

/// <summary>What a block of the report is, for exports that lay out blocks themselves (DOCX, PPTX).</summary>
public enum BlockKind
{
    /// <summary>A section heading (<see cref="ReportBlock.Level"/> 2 for "##").</summary>
    Heading,

    /// <summary>A paragraph.</summary>
    Paragraph,

    /// <summary>A list item (<see cref="ReportBlock.Number"/> is its number in an ordered list, else 0).</summary>
    ListItem,

    /// <summary>A quoted paragraph.</summary>
    Quote,

    /// <summary>Preformatted text.</summary>
    Code,
}

/// <summary>How a run of text is set.</summary>
[Flags]
public enum SpanStyle
{
    /// <summary>Plain.</summary>
    None = 0,

    /// <summary>Strong emphasis.</summary>
    Bold = 1,

    /// <summary>Emphasis.</summary>
    Italic = 2,

    /// <summary>Code.</summary>
    Code = 4,
}

/// <summary>A run of text: plain, styled, a link, or a citation.</summary>
public sealed record ReportSpan(string Text, SpanStyle Style = SpanStyle.None, string? Link = null, Citation? Citation = null);

/// <summary>One block of the report with its runs of text.</summary>
public sealed record ReportBlock(BlockKind Kind, IReadOnlyList<ReportSpan> Spans, int Level = 0, int Number = 0)
{
    /// <summary>The block's text as read (citations as "[n]").</summary>
    public string Text => string.Concat(Spans.Select(s => s.Text));
}

/// <summary>Reads the report's body into blocks, each citation resolved to its reference and quote.</summary>
public static class ReportBlocks
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().DisableHtml().Build();

    /// <summary>The body's blocks, in order.</summary>
    public static IReadOnlyList<ReportBlock> Read(ReportDocument document)
    {
        var parsed = Markdown.Parse(CitationMarkers.Mark(document.Body, document), Pipeline);
        var blocks = new List<ReportBlock>();
        foreach (var block in parsed)
        {
            Add(block, document, blocks, quoted: false, depth: 0);
        }

        return blocks;
    }

    private static void Add(Block block, ReportDocument document, List<ReportBlock> blocks, bool quoted, int depth)
    {
        switch (block)
        {
            case HeadingBlock h:
                blocks.Add(new ReportBlock(BlockKind.Heading, Spans(h.Inline, document), h.Level));
                break;
            case ParagraphBlock p:
                blocks.Add(new ReportBlock(quoted ? BlockKind.Quote : BlockKind.Paragraph, Spans(p.Inline, document)));
                break;
            case QuoteBlock q:
                foreach (var child in q)
                {
                    Add(child, document, blocks, quoted: true, depth);
                }

                break;
            case ListBlock list:
                var number = list.IsOrdered && int.TryParse(list.OrderedStart, out var first) ? first : 1;
                foreach (var item in list.OfType<ListItemBlock>())
                {
                    var spans = new List<ReportSpan>();
                    foreach (var child in item)
                    {
                        if (child is ParagraphBlock para)
                        {
                            spans.AddRange(Spans(para.Inline, document));
                        }
                    }

                    blocks.Add(new ReportBlock(BlockKind.ListItem, spans, depth, list.IsOrdered ? number++ : 0));
                    foreach (var nested in item.OfType<ListBlock>())
                    {
                        Add(nested, document, blocks, quoted, depth + 1);
                    }
                }

                break;
            case Table table:
                foreach (var row in table.OfType<TableRow>())
                {
                    var spans = new List<ReportSpan>();
                    foreach (var cell in row.OfType<TableCell>())
                    {
                        if (spans.Count > 0)
                        {
                            spans.Add(new ReportSpan(" | "));
                        }

                        foreach (var para in cell.OfType<ParagraphBlock>())
                        {
                            spans.AddRange(Spans(para.Inline, document, row.IsHeader ? SpanStyle.Bold : SpanStyle.None));
                        }
                    }

                    blocks.Add(new ReportBlock(BlockKind.Paragraph, spans));
                }

                break;
            case CodeBlock code:
                blocks.Add(new ReportBlock(BlockKind.Code, [new ReportSpan(code.Lines.ToString(), SpanStyle.Code)]));
                break;
            case ContainerBlock container:
                foreach (var child in container)
                {
                    Add(child, document, blocks, quoted, depth);
                }

                break;
        }
    }

    private static List<ReportSpan> Spans(ContainerInline? inline, ReportDocument document, SpanStyle style = SpanStyle.None)
    {
        var spans = new List<ReportSpan>();
        if (inline is not null)
        {
            Walk(inline, document, style, null, spans);
        }

        return spans;
    }

    private static void Walk(Inline inline, ReportDocument document, SpanStyle style, string? link, List<ReportSpan> spans)
    {
        switch (inline)
        {
            case LiteralInline literal:
                foreach (var (text, citation) in CitationMarkers.Split(literal.Content.ToString(), document))
                {
                    spans.Add(citation is null ? new ReportSpan(text, style, link) : new ReportSpan($"[{citation.Reference}]", style, Citation: citation));
                }

                break;
            case CodeInline code:
                spans.Add(new ReportSpan(code.Content, style | SpanStyle.Code, link));
                break;
            case LineBreakInline:
                spans.Add(new ReportSpan(" ", style, link));
                break;
            case AutolinkInline auto:
                spans.Add(new ReportSpan(auto.Url, style, auto.Url));
                break;
            case LinkInline { IsImage: true } image:
                spans.Add(new ReportSpan(image.Title ?? "", style, image.Url));
                break;
            case LinkInline l:
                WalkChildren(l, document, style, l.Url, spans);
                break;
            case EmphasisInline e:
                WalkChildren(e, document, style | (e.DelimiterCount >= 2 ? SpanStyle.Bold : SpanStyle.Italic), link, spans);
                break;
            case ContainerInline c:
                WalkChildren(c, document, style, link, spans);
                break;
            default:
                var other = new StringBuilder().Append(inline).ToString();
                if (other.Length > 0)
                {
                    spans.Add(new ReportSpan(other, style, link));
                }

                break;
        }
    }

    private static void WalkChildren(ContainerInline container, ReportDocument document, SpanStyle style, string? link, List<ReportSpan> spans)
    {
        foreach (var child in container)
        {
            Walk(child, document, style, link, spans);
        }
    }
}
