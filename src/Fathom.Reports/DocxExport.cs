using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Fathom.Reports;

/// <summary>
/// The report as a Word document: title, date and source count, the sections with their headings,
/// each citation an internal link to its reference's bookmark, and the references with their quotes.
/// </summary>
public static class DocxExport
{
    /// <summary>Writes the document as DOCX bytes.</summary>
    public static byte[] Write(ReportDocument document)
    {
        using var stream = new MemoryStream();
        using (var package = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            package.PackageProperties.Title = document.Title;
            package.PackageProperties.Subject = document.Question;
            package.PackageProperties.Created = document.Date.UtcDateTime;
            var main = package.AddMainDocumentPart();
            var styles = main.AddNewPart<StyleDefinitionsPart>();
            styles.Styles = DocxStyles.Create();
            var body = new Body();
            main.Document = new Document(body);

            body.Append(Paragraph(DocxStyles.Title, new Run(Text(document.Title))));
            body.Append(Paragraph(DocxStyles.Byline, new Run(Text(document.Byline))));
            foreach (var block in ReportBlocks.Read(document))
            {
                body.Append(Block(block, main));
            }

            if (document.References.Count > 0)
            {
                body.Append(Paragraph(DocxStyles.Heading(2), new Run(Text("References"))));
                foreach (var reference in document.References)
                {
                    body.Append(ReferenceParagraph(reference, main));
                    foreach (var quote in reference.Quotes)
                    {
                        body.Append(Paragraph(DocxStyles.Quote, new Run(Text(quote))));
                    }
                }
            }

            body.Append(new SectionProperties(
                new PageSize { Width = 11906, Height = 16838 },
                new PageMargin { Top = 1134, Bottom = 1134, Left = 1134, Right = 1134, Header = 709, Footer = 709, Gutter = 0 }));
        }

        return stream.ToArray();
    }

    private static Paragraph Block(ReportBlock block, MainDocumentPart main)
    {
        var (style, prefix) = block.Kind switch
        {
            BlockKind.Heading => (DocxStyles.Heading(Math.Clamp(block.Level, 2, 4)), ""),
            BlockKind.Quote => (DocxStyles.Quote, ""),
            BlockKind.ListItem => (DocxStyles.ListItem, block.Number > 0 ? $"{block.Number}.\t" : "•\t"),
            BlockKind.Code => (DocxStyles.Code, ""),
            _ => (DocxStyles.Body, ""),
        };
        var paragraph = Paragraph(style);
        if (block.Kind == BlockKind.ListItem && block.Level > 0)
        {
            paragraph.ParagraphProperties!.Append(new Indentation { Left = (360 + (block.Level * 360)).ToString(System.Globalization.CultureInfo.InvariantCulture), Hanging = "360" });
        }

        if (prefix.Length > 0)
        {
            paragraph.Append(new Run(Text(prefix)));
        }

        foreach (var span in block.Spans)
        {
            paragraph.Append(Span(span, main));
        }

        return paragraph;
    }

    private static OpenXmlElement Span(ReportSpan span, MainDocumentPart main)
    {
        if (span.Citation is { } citation)
        {
            var cite = new Run(new RunProperties(new RunStyle { Val = DocxStyles.Hyperlink }, new VerticalTextAlignment { Val = VerticalPositionValues.Superscript }), Text(span.Text));
            return new Hyperlink(cite) { Anchor = ReportAnchors.Bookmark(citation.Reference), Tooltip = Trim(citation.Quote, 250), History = true };
        }

        var run = new Run(Properties(span.Style), Text(span.Text));
        if (XmlText.LinkTarget(span.Link) is { } target)
        {
            run.RunProperties!.PrependChild(new RunStyle { Val = DocxStyles.Hyperlink });
            var relation = main.AddHyperlinkRelationship(target, isExternal: true);
            return new Hyperlink(run) { Id = relation.Id, History = true };
        }

        return run;
    }

    private static Paragraph ReferenceParagraph(Sources.Reference reference, MainDocumentPart main)
    {
        var paragraph = Paragraph(DocxStyles.Reference);
        paragraph.Append(new BookmarkStart { Name = ReportAnchors.Bookmark(reference.Index), Id = reference.Index.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        paragraph.Append(new Run(new RunProperties(new Bold()), Text($"[{reference.Index}] ")));
        var title = reference.Title.Length > 0 ? reference.Title : reference.Url;
        if (XmlText.LinkTarget(reference.Url) is { } target)
        {
            var relation = main.AddHyperlinkRelationship(target, isExternal: true);
            paragraph.Append(new Hyperlink(new Run(new RunProperties(new RunStyle { Val = DocxStyles.Hyperlink }), Text(title))) { Id = relation.Id, History = true });
        }
        else
        {
            paragraph.Append(new Run(Text(title)));
        }

        var domain = ReportAnchors.Domain(reference.Url);
        if (domain.Length > 0)
        {
            paragraph.Append(new Run(new RunProperties(new Color { Val = "57606A" }), Text(" — " + domain)));
        }

        paragraph.Append(new BookmarkEnd { Id = reference.Index.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        return paragraph;
    }

    private static RunProperties Properties(SpanStyle style)
    {
        // Word wants run properties in schema order: fonts, then bold, then italic.
        var properties = new RunProperties();
        if (style.HasFlag(SpanStyle.Code))
        {
            properties.Append(new RunFonts { Ascii = "Consolas", HighAnsi = "Consolas" });
        }

        if (style.HasFlag(SpanStyle.Bold))
        {
            properties.Append(new Bold());
        }

        if (style.HasFlag(SpanStyle.Italic))
        {
            properties.Append(new Italic());
        }

        return properties;
    }

    private static Paragraph Paragraph(string style, params OpenXmlElement[] children)
    {
        var paragraph = new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = style }));
        paragraph.Append(children);
        return paragraph;
    }

    private static DocumentFormat.OpenXml.Wordprocessing.Text Text(string text) => new(XmlText.Clean(text)) { Space = SpaceProcessingModeValues.Preserve };

    private static string Trim(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
