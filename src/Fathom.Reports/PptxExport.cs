using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Presentation;
using Fathom.Sources;
using A = DocumentFormat.OpenXml.Drawing;

namespace Fathom.Reports;

/// <summary>
/// The report as slides: a title slide (title, date, source count), one slide per section (a long
/// section continues on the next slide), and the references with their quotes. Each citation stays
/// a "[n]" that links to the slide holding its reference; each reference links to its source.
/// </summary>
public static class PptxExport
{
    private const long Width = 12192000;
    private const long Height = 6858000;
    private const long Margin = 457200;
    private const int SectionBudget = 1400;
    private const int ReferenceBudget = 1100;

    /// <summary>Writes the document as PPTX bytes.</summary>
    public static byte[] Write(ReportDocument document)
    {
        using var stream = new MemoryStream();
        using (var package = PresentationDocument.Create(stream, PresentationDocumentType.Presentation))
        {
            package.PackageProperties.Title = document.Title;
            package.PackageProperties.Subject = document.Question;
            var presentationPart = package.AddPresentationPart();
            var layout = Skeleton(presentationPart);
            var deck = new Deck(presentationPart, layout);

            var blocks = ReportBlocks.Read(document);
            var intro = blocks.TakeWhile(b => b.Kind != BlockKind.Heading).ToList();
            var title = deck.Add();
            var sections = Sections(blocks.Skip(intro.Count).ToList());
            var referencePages = Pages(document.References, r => Length(r), ReferenceBudget);
            var sectionSlides = sections.SelectMany(s => Pages(s.Body, b => b.Text.Length, SectionBudget).Select((page, i) => (s.Heading, page, i, slide: deck.Add()))).ToList();
            var referenceSlides = referencePages.Select(page => (page, slide: deck.Add())).ToList();
            var slideOf = referenceSlides.SelectMany(p => p.page.Select(r => (r.Index, p.slide))).ToDictionary(p => p.Index, p => p.slide);

            title.Fill(document.Title, 4000, [new Para([new ReportSpan(document.Byline)], 2000), .. intro.Select(b => new Para(b.Spans, 1400))], slideOf, top: true);
            foreach (var (heading, page, i, slide) in sectionSlides)
            {
                var name = heading + (i > 0 ? " (continued)" : "");
                slide.Fill(name, 3200, [.. page.Select(b => new Para(b.Kind == BlockKind.ListItem ? [new ReportSpan("• "), .. b.Spans] : b.Spans, FontSize(page)))], slideOf);
            }

            for (var i = 0; i < referenceSlides.Count; i++)
            {
                var (page, slide) = referenceSlides[i];
                var paragraphs = new List<Para>();
                foreach (var r in page)
                {
                    paragraphs.Add(new Para([new ReportSpan($"[{r.Index}] ", SpanStyle.Bold), new ReportSpan(r.Title.Length > 0 ? r.Title : r.Url, Link: r.Url), new ReportSpan(Domain(r))], 1400));
                    paragraphs.AddRange(r.Quotes.Select(q => new Para([new ReportSpan("“" + q + "”", SpanStyle.Italic)], 1100, Indent: true)));
                }

                slide.Fill(i == 0 ? "References" : "References (continued)", 3200, paragraphs, slideOf);
            }

            deck.Save();
        }

        return stream.ToArray();
    }

    private static string Domain(Reference r) => ReportAnchors.Domain(r.Url) is { Length: > 0 } d ? " — " + d : "";

    private static int Length(Reference r) => r.Title.Length + 40 + r.Quotes.Sum(q => q.Length + 10);

    private static int FontSize(IReadOnlyList<ReportBlock> page)
    {
        var length = page.Sum(b => b.Text.Length);
        return length < 500 ? 2000 : length < 900 ? 1600 : 1400;
    }

    private static List<(string Heading, List<ReportBlock> Body)> Sections(List<ReportBlock> blocks)
    {
        var sections = new List<(string Heading, List<ReportBlock> Body)>();
        foreach (var block in blocks)
        {
            if (block.Kind == BlockKind.Heading && block.Level <= 2 || sections.Count == 0)
            {
                sections.Add((block.Kind == BlockKind.Heading ? block.Text : "Findings", []));
                if (block.Kind == BlockKind.Heading)
                {
                    continue;
                }
            }

            sections[^1].Body.Add(block);
        }

        return sections;
    }

    /// <summary>Splits items into pages of about <paramref name="budget"/> characters, each page holding one item at least.</summary>
    private static List<List<T>> Pages<T>(IReadOnlyList<T> items, Func<T, int> length, int budget)
    {
        var pages = new List<List<T>> { new() };
        var used = 0;
        foreach (var item in items)
        {
            var size = length(item);
            if (pages[^1].Count > 0 && used + size > budget)
            {
                pages.Add([]);
                used = 0;
            }

            pages[^1].Add(item);
            used += size;
        }

        return items.Count == 0 ? [] : pages;
    }

    private static SlideLayoutPart Skeleton(PresentationPart presentationPart)
    {
        var master = presentationPart.AddNewPart<SlideMasterPart>("rId1");
        var layout = master.AddNewPart<SlideLayoutPart>("rId1");
        layout.SlideLayout = new SlideLayout(new CommonSlideData(EmptyTree()) { Name = "Blank" }, new ColorMapOverride(new A.MasterColorMapping())) { Type = SlideLayoutValues.Blank };
        var theme = master.AddNewPart<ThemePart>("rId2");
        theme.Theme = PptxTheme.Create();
        master.SlideMaster = new SlideMaster(
            new CommonSlideData(EmptyTree()),
            new ColorMap
            {
                Background1 = A.ColorSchemeIndexValues.Light1,
                Text1 = A.ColorSchemeIndexValues.Dark1,
                Background2 = A.ColorSchemeIndexValues.Light2,
                Text2 = A.ColorSchemeIndexValues.Dark2,
                Accent1 = A.ColorSchemeIndexValues.Accent1,
                Accent2 = A.ColorSchemeIndexValues.Accent2,
                Accent3 = A.ColorSchemeIndexValues.Accent3,
                Accent4 = A.ColorSchemeIndexValues.Accent4,
                Accent5 = A.ColorSchemeIndexValues.Accent5,
                Accent6 = A.ColorSchemeIndexValues.Accent6,
                Hyperlink = A.ColorSchemeIndexValues.Hyperlink,
                FollowedHyperlink = A.ColorSchemeIndexValues.FollowedHyperlink,
            },
            new SlideLayoutIdList(new SlideLayoutId { Id = 2147483649U, RelationshipId = "rId1" }));
        presentationPart.Presentation = new Presentation(
            new SlideMasterIdList(new SlideMasterId { Id = 2147483648U, RelationshipId = "rId1" }),
            new SlideIdList(),
            new SlideSize { Cx = (int)Width, Cy = (int)Height },
            new NotesSize { Cx = 6858000, Cy = 9144000 },
            new DefaultTextStyle());
        return layout;
    }

    private static ShapeTree EmptyTree() => new(
        new NonVisualGroupShapeProperties(new NonVisualDrawingProperties { Id = 1U, Name = "" }, new NonVisualGroupShapeDrawingProperties(), new ApplicationNonVisualDrawingProperties()),
        new GroupShapeProperties(new A.TransformGroup()));

    /// <summary>One paragraph of a slide, at a font size in hundredths of a point.</summary>
    private sealed record Para(IReadOnlyList<ReportSpan> Spans, int Size, bool Indent = false);

    /// <summary>The slides, in the order they are shown.</summary>
    private sealed class Deck(PresentationPart presentation, SlideLayoutPart layout)
    {
        private readonly List<SlideBuilder> _slides = [];

        public SlideBuilder Add()
        {
            var part = presentation.AddNewPart<SlidePart>();
            part.AddPart(layout);
            var slide = new SlideBuilder(part);
            _slides.Add(slide);
            return slide;
        }

        public void Save()
        {
            var ids = presentation.Presentation.SlideIdList!;
            uint id = 256;
            foreach (var slide in _slides)
            {
                ids.Append(new SlideId { Id = id++, RelationshipId = presentation.GetIdOfPart(slide.Part) });
            }
        }
    }

    /// <summary>One slide: a title box and a body box of paragraphs.</summary>
    private sealed class SlideBuilder(SlidePart part)
    {
        public SlidePart Part => part;

        public void Fill(string title, int titleSize, IReadOnlyList<Para> body, IReadOnlyDictionary<int, SlideBuilder> referenceSlides, bool top = false)
        {
            var titleHeight = top ? 1600000L : 1000000L;
            var tree = EmptyTree();
            tree.Append(Box(2U, "Title", Margin, Margin / 2, Width - (2 * Margin), titleHeight, [new Para([new ReportSpan(title, SpanStyle.Bold)], titleSize)], referenceSlides));
            if (body.Count > 0)
            {
                tree.Append(Box(3U, "Body", Margin, (Margin / 2) + titleHeight, Width - (2 * Margin), Height - titleHeight - Margin, body, referenceSlides));
            }

            part.Slide = new Slide(new CommonSlideData(tree), new ColorMapOverride(new A.MasterColorMapping()));
        }

        private Shape Box(uint id, string name, long x, long y, long cx, long cy, IReadOnlyList<Para> paragraphs, IReadOnlyDictionary<int, SlideBuilder> referenceSlides)
        {
            var text = new TextBody(new A.BodyProperties(new A.NormalAutoFit()) { Wrap = A.TextWrappingValues.Square }, new A.ListStyle());
            foreach (var para in paragraphs)
            {
                var paragraph = new A.Paragraph(new A.ParagraphProperties(new A.SpaceAfter(new A.SpacingPoints { Val = 600 })) { LeftMargin = para.Indent ? 457200 : 0 });
                foreach (var span in para.Spans)
                {
                    paragraph.Append(Run(span, para.Size, referenceSlides));
                }

                paragraph.Append(new A.EndParagraphRunProperties { Language = "en-US", FontSize = para.Size });
                text.Append(paragraph);
            }

            return new Shape(
                new NonVisualShapeProperties(new NonVisualDrawingProperties { Id = id, Name = name }, new NonVisualShapeDrawingProperties { TextBox = true }, new ApplicationNonVisualDrawingProperties()),
                new ShapeProperties(new A.Transform2D(new A.Offset { X = x, Y = y }, new A.Extents { Cx = cx, Cy = cy }), new A.PresetGeometry(new A.AdjustValueList()) { Preset = A.ShapeTypeValues.Rectangle }),
                text);
        }

        private A.Run Run(ReportSpan span, int size, IReadOnlyDictionary<int, SlideBuilder> referenceSlides)
        {
            var properties = new A.RunProperties { Language = "en-US", FontSize = size, Dirty = false };
            if (span.Style.HasFlag(SpanStyle.Bold))
            {
                properties.Bold = true;
            }

            if (span.Style.HasFlag(SpanStyle.Italic))
            {
                properties.Italic = true;
            }

            if (span.Citation is { } citation && referenceSlides.TryGetValue(citation.Reference, out var target))
            {
                // A citation jumps to the slide that lists its reference.
                properties.Baseline = 30000;
                var relation = target.Part == part ? null : part.Parts.Where(p => p.OpenXmlPart == target.Part).Select(p => p.RelationshipId).FirstOrDefault() ?? part.CreateRelationshipToPart(target.Part);
                properties.Append(new A.HyperlinkOnClick { Id = relation ?? "", Action = "ppaction://hlinksldjump", Tooltip = citation.Quote.Length > 250 ? citation.Quote[..249] + "…" : citation.Quote });
            }
            else if (XmlText.LinkTarget(span.Link) is { } url)
            {
                properties.Append(new A.HyperlinkOnClick { Id = part.AddHyperlinkRelationship(url, isExternal: true).Id });
            }

            return new A.Run(properties, new A.Text(XmlText.Clean(span.Text)));
        }
    }
}
