using System.Text;
using Fathom.Reading.Documents;
using Fathom.Search.Local;
using Fathom.Tests.Support;

namespace Fathom.Tests.Search;

/// <summary>Files whose bytes are not what their names claim are skipped, each named with its reason in words.</summary>
public sealed class IndexSkipTests
{
    [Theory]
    [InlineData("noise.html", "binary data")]
    [InlineData("noise.md", "binary data")]
    [InlineData("noise.txt", "binary data")]
    [InlineData("noise.json", "binary data")]
    [InlineData("noise.pdf", "not a PDF")]
    public async Task RandomBytes_AreSkippedAsBinary(string file, string reason)
    {
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        var failure = await SkippedAsync(file, bytes);
        Assert.Contains(file, failure, StringComparison.Ordinal);
        Assert.Contains(reason, failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HtmlWithoutMarkup_IsSkippedSayingSo()
    {
        var failure = await SkippedAsync("notes.html", Encoding.UTF8.GetBytes("Just some words about tides, with no markup at all."));
        Assert.Contains("without any HTML markup", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BrokenJson_NamesTheLineInWords()
    {
        var failure = await SkippedAsync("docs.json", Encoding.UTF8.GetBytes("{\"url\": \"a\",\n\"title\": }"));
        Assert.Contains("is not valid JSON at line 2", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BrokenJsonLine_NamesTheLine()
    {
        var failure = await SkippedAsync("docs.jsonl", Encoding.UTF8.GetBytes("{\"url\":\"a\",\"title\":\"A\",\"text\":\"t\"}\nnot json\n"));
        Assert.Contains("line 2 is not valid JSON", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PdfNamedAsText_IsSkippedWithTheFix()
    {
        var failure = await SkippedAsync("paper.txt", Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"));
        Assert.Contains("rename it to .pdf", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RealText_InUtf16AndLatin1_IsIndexed()
    {
        using var dir = new TempDirectory();
        var corpus = Directory.CreateDirectory(dir.File("corpus")).FullName;
        await File.WriteAllTextAsync(Path.Combine(corpus, "tides.txt"), "The Moon raises tides.", new UnicodeEncoding(bigEndian: false, byteOrderMark: true));
        await File.WriteAllBytesAsync(Path.Combine(corpus, "cafe.md"), Encoding.Latin1.GetBytes("# Café\n\nA café serves crème brûlée."));
        using var index = LocalIndex.Open(dir.File("index.db"));

        var update = await index.UpdateAsync(corpus, new DocumentLoader());

        Assert.Empty(update.Failures);
        Assert.Equal(2, index.DocumentCount);
        Assert.Contains(index.Search("crème", 5), h => h.Title == "Café");
    }

    private static async Task<string> SkippedAsync(string file, byte[] bytes)
    {
        using var dir = new TempDirectory();
        var corpus = Directory.CreateDirectory(dir.File("corpus")).FullName;
        await File.WriteAllBytesAsync(Path.Combine(corpus, file), bytes);
        await File.WriteAllTextAsync(Path.Combine(corpus, "good.md"), "# Tides\n\nThe Moon's gravity raises tides.");
        using var index = LocalIndex.Open(dir.File("index.db"));

        var update = await index.UpdateAsync(corpus, new DocumentLoader());

        Assert.Equal(1, index.DocumentCount);
        return Assert.Single(update.Failures);
    }
}
