using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.PageSegmenter;
using UglyToad.PdfPig.DocumentLayoutAnalysis.ReadingOrderDetector;
using UglyToad.PdfPig.DocumentLayoutAnalysis.WordExtractor;

namespace Fathom.Reading.Documents;

/// <summary>
/// The text of a PDF as paragraphs: letters grouped into words by their distances (so words keep the
/// spaces the file never wrote), words into blocks by the Docstrum page segmenter, blocks in reading
/// order, each block one paragraph with its lines joined and words split across lines mended.
/// </summary>
internal static class PdfText
{
    /// <summary>Every page's paragraphs, separated by blank lines.</summary>
    public static string Read(PdfDocument pdf)
    {
        var text = new StringBuilder();
        foreach (var page in pdf.GetPages())
        {
            var words = NearestNeighbourWordExtractor.Instance.GetWords(page.Letters).Where(w => !string.IsNullOrWhiteSpace(w.Text)).ToList();
            if (words.Count == 0)
            {
                continue;
            }

            var blocks = DocstrumBoundingBoxes.Instance.GetBlocks(words);
            foreach (var block in UnsupervisedReadingOrderDetector.Instance.Get(blocks))
            {
                var paragraph = Paragraph(block.TextLines.Select(l => l.Text));
                if (paragraph.Length > 0)
                {
                    text.Append(paragraph).Append("\n\n");
                }
            }
        }

        return text.ToString().TrimEnd();
    }

    /// <summary>Lines of one block as one paragraph: a word hyphenated at a line's end is joined again.</summary>
    private static string Paragraph(IEnumerable<string> lines)
    {
        var paragraph = new StringBuilder();
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (paragraph.Length > 1 && paragraph[^1] == '-' && char.IsLetter(paragraph[^2]) && char.IsLower(line[0]))
            {
                paragraph.Length--;
            }
            else if (paragraph.Length > 0)
            {
                paragraph.Append(' ');
            }

            paragraph.Append(line);
        }

        return paragraph.ToString();
    }
}
