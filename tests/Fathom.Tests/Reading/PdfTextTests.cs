using Fathom.Reading.Documents;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Fathom.Tests.Reading;

public sealed class PdfTextTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("fathom-pdf-").FullName;

    [Fact]
    public async Task Pdf_KeepsWordsSeparatedAndParagraphsApart()
    {
        var path = Path.Combine(directory, "energy.pdf");
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var page = builder.AddPage(PageSize.A4);
        string[][] paragraphs =
        [
            ["Energy drinks contain caffeine and sugar,", "often in large amounts for adults."],
            ["Pregnant women are advised to limit", "caffeine to two hundred milligrams a day."],
        ];
        var y = 760.0;
        foreach (var paragraph in paragraphs)
        {
            foreach (var line in paragraph)
            {
                page.AddText(line, 11, new PdfPoint(72, y), font);
                y -= 14;
            }

            y -= 28;
        }

        await File.WriteAllBytesAsync(path, builder.Build());

        var document = Assert.Single(await new DocumentLoader().LoadAsync(path, CancellationToken.None));

        Assert.Equal(
            "Energy drinks contain caffeine and sugar, often in large amounts for adults.\n\n"
            + "Pregnant women are advised to limit caffeine to two hundred milligrams a day.",
            document.Text);
    }

    [Fact]
    public async Task Pdf_JoinsAWordHyphenatedAcrossLines()
    {
        var path = Path.Combine(directory, "hyphen.pdf");
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.TimesRoman);
        var page = builder.AddPage(PageSize.A4);
        page.AddText("The committee published its recom-", 12, new PdfPoint(72, 700), font);
        page.AddText("mendations on Tuesday morning.", 12, new PdfPoint(72, 685), font);
        await File.WriteAllBytesAsync(path, builder.Build());

        var document = Assert.Single(await new DocumentLoader().LoadAsync(path, CancellationToken.None));

        Assert.Equal("The committee published its recommendations on Tuesday morning.", document.Text);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
