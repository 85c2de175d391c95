using System.Text;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Fathom.Reading.Documents;

/// <summary>
/// The prose of a Markdown document as plain text: one paragraph, heading or list item per line,
/// hard-wrapped lines joined, inline markup dropped, code blocks and tables left out. Sentences
/// (and so quotes) then never break at a wrapped line or carry markup characters.
/// </summary>
public static class MarkdownText
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().UseGridTables().Build();

    /// <summary>Converts <paramref name="markdown"/> to plain prose.</summary>
    public static string ToPlainText(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        var text = new StringBuilder();
        Append(document, text);
        return text.ToString().TrimEnd();
    }

    private static void Append(ContainerBlock container, StringBuilder text)
    {
        foreach (var block in container)
        {
            switch (block)
            {
                case CodeBlock or Markdig.Extensions.Tables.Table or ThematicBreakBlock or HtmlBlock:
                    break; // Not prose: nothing a report should quote.
                case LeafBlock { Inline: { } inline }:
                    var line = Inline(inline).Trim();
                    if (line.Length > 0)
                    {
                        text.Append(line).Append("\n\n");
                    }

                    break;
                case ContainerBlock child:
                    Append(child, text);
                    break;
            }
        }
    }

    private static string Inline(ContainerInline container)
    {
        var text = new StringBuilder();
        foreach (var inline in container)
        {
            switch (inline)
            {
                case LiteralInline literal:
                    text.Append(literal.Content.AsSpan());
                    break;
                case CodeInline code:
                    text.Append(code.Content);
                    break;
                case LineBreakInline:
                    text.Append(' ');
                    break;
                case HtmlEntityInline entity:
                    text.Append(entity.Transcoded.AsSpan());
                    break;
                case HtmlInline:
                    break;
                case ContainerInline child:
                    text.Append(Inline(child));
                    break;
            }
        }

        return text.ToString();
    }
}
