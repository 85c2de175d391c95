using DocumentFormat.OpenXml.Wordprocessing;

namespace Fathom.Reports;

/// <summary>The paragraph and character styles of the Word export, under Word's own style ids so that its outline and navigation work.</summary>
internal static class DocxStyles
{
    public const string Body = "Normal";
    public const string Title = "Title";
    public const string Byline = "Subtitle";
    public const string Quote = "Quote";
    public const string ListItem = "ListParagraph";
    public const string Code = "Code";
    public const string Reference = "Reference";
    public const string Hyperlink = "Hyperlink";

    public static string Heading(int level) => $"Heading{level}";

    public static Styles Create()
    {
        var styles = new Styles(
            new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(new RunFonts { Ascii = "Calibri", HighAnsi = "Calibri" }, new FontSize { Val = "22" })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { After = "120", Line = "276", LineRule = LineSpacingRuleValues.Auto }))));
        styles.Append(Paragraph(Body, "Normal", null));
        styles.Append(Paragraph(Title, "Title", "52", bold: true));
        styles.Append(Paragraph(Byline, "Subtitle", "22", color: "57606A", italic: true));
        for (var level = 2; level <= 4; level++)
        {
            var heading = Paragraph(Heading(level), $"heading {level}", level == 2 ? "32" : level == 3 ? "28" : "24", bold: true);
            heading.StyleParagraphProperties = new StyleParagraphProperties(new KeepNext(), new SpacingBetweenLines { Before = "240", After = "120" }, new OutlineLevel { Val = level - 1 });
            styles.Append(heading);
        }

        var quote = Paragraph(Quote, "Quote", null, color: "57606A", italic: true);
        quote.StyleParagraphProperties = new StyleParagraphProperties(new Indentation { Left = "567" });
        styles.Append(quote);
        var list = Paragraph(ListItem, "List Paragraph", null);
        list.StyleParagraphProperties = new StyleParagraphProperties(new Indentation { Left = "720", Hanging = "360" });
        styles.Append(list);
        styles.Append(Paragraph(Code, "Code", "20", font: "Consolas"));
        var reference = Paragraph(Reference, "Reference", null);
        reference.StyleParagraphProperties = new StyleParagraphProperties(new KeepNext(), new SpacingBetweenLines { Before = "120", After = "40" });
        styles.Append(reference);
        styles.Append(new Style(
            new StyleName { Val = "Hyperlink" },
            new StyleRunProperties(new Color { Val = "0550AE" }, new Underline { Val = UnderlineValues.Single }))
        { Type = StyleValues.Character, StyleId = Hyperlink });
        return styles;
    }

    private static Style Paragraph(string id, string name, string? size, bool bold = false, string? color = null, bool italic = false, string? font = null)
    {
        var run = new StyleRunProperties();
        if (font is not null)
        {
            run.Append(new RunFonts { Ascii = font, HighAnsi = font });
        }

        if (bold)
        {
            run.Append(new Bold());
        }

        if (italic)
        {
            run.Append(new Italic());
        }

        if (color is not null)
        {
            run.Append(new Color { Val = color });
        }

        if (size is not null)
        {
            run.Append(new FontSize { Val = size });
        }

        var style = new Style(new StyleName { Val = name }) { Type = StyleValues.Paragraph, StyleId = id };
        if (id != Body)
        {
            style.Append(new BasedOn { Val = Body });
            style.Append(new NextParagraphStyle { Val = Body });
        }

        style.Append(run);
        return style;
    }
}
