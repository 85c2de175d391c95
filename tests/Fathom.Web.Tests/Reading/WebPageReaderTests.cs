using System.Text;
using Fathom.Reading;
using Fathom.Reading.Web;
using Fathom.Search;
using Fathom.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Fathom.Web.Tests.Reading;

public sealed class WebPageReaderTests : IAsyncLifetime
{
    private readonly SimpleArticleExtractor _extractor = new();
    private LoopbackServer _server = null!;
    private WebFetcher _fetcher = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync();
        _fetcher = TestFetchers.Create(new FetchOptions { AllowedHosts = ["127.0.0.1"] });
    }

    public async Task DisposeAsync()
    {
        _fetcher.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Read_Html_GoesThroughTheArticleExtractor()
    {
        Serve("text/html; charset=utf-8", Encoding.UTF8.GetBytes("<html><head><title>Tides</title></head><body><nav>Home | About</nav><article><p>The moon pulls the sea.</p></article><footer>© 2024</footer></body></html>"));

        var page = await Reader().ReadAsync(Hit("/tides"), CancellationToken.None);

        Assert.NotNull(page);
        Assert.Equal("Tides", page.Title);
        Assert.Equal("The moon pulls the sea.", page.Text);
        Assert.Equal(1, _extractor.Calls);
    }

    [Fact]
    public async Task Read_CharsetFromHeader_DecodesWindows1252()
    {
        Serve("text/html; charset=windows-1252", [.. "<p>Caf"u8, 0xE9, .. " cr"u8, 0xE8, .. "me br"u8, 0xFB, .. "l"u8, 0xE9, .. "e</p>"u8]);

        var page = await Reader().ReadAsync(Hit("/cafe"), CancellationToken.None);

        Assert.Equal("Café crème brûlée", page!.Text);
    }

    [Fact]
    public async Task Read_CharsetFromMeta_DecodesWindows1251()
    {
        var cyrillic = CodePagesEncoding("windows-1251").GetBytes("<html><head><meta charset=\"windows-1251\"></head><body><p>Привет, мир</p></body></html>");
        Serve("text/html", cyrillic);

        var page = await Reader().ReadAsync(Hit("/ru"), CancellationToken.None);

        Assert.Equal("Привет, мир", page!.Text);
    }

    [Fact]
    public async Task Read_ByteOrderMark_WinsOverHeader()
    {
        Serve("text/plain; charset=iso-8859-1", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("naïve café")]);

        var page = await Reader().ReadAsync(Hit("/bom"), CancellationToken.None);

        Assert.Equal("naïve café", page!.Text);
    }

    [Fact]
    public async Task Read_NoCharsetAnywhere_InvalidUtf8_FallsBackToWindows1252()
    {
        Serve("text/plain", [.. "na"u8, 0xEF, .. "ve"u8]);

        var page = await Reader().ReadAsync(Hit("/legacy"), CancellationToken.None);

        Assert.Equal("naïve", page!.Text);
    }

    [Fact]
    public async Task Read_Pdf_ExtractsItsText()
    {
        Serve("application/pdf", MakePdf("Quarterly tide report", "High tides arrive twice a day."));

        var page = await Reader().ReadAsync(Hit("/report.pdf"), CancellationToken.None);

        Assert.Equal("Quarterly tide report", page!.Title);
        Assert.Contains("High tides arrive twice a day.", page.Text, StringComparison.Ordinal);
        Assert.Equal(0, _extractor.Calls);
    }

    [Fact]
    public async Task Read_PdfWithoutContentType_IsSniffed()
    {
        Serve(null, MakePdf("Sniffed", "Recognised by its first bytes."));

        var page = await Reader().ReadAsync(Hit("/download"), CancellationToken.None);

        Assert.Contains("Recognised by its first bytes.", page!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_BrokenPdf_SaysWhy()
    {
        Serve("application/pdf", "%PDF-1.7 this is not really a pdf"u8.ToArray());

        var e = await Assert.ThrowsAsync<PageReadException>(() => Reader().ReadAsync(Hit("/broken.pdf"), CancellationToken.None));

        Assert.StartsWith("the PDF could not be read", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_PlainText_IsKeptAsItIs()
    {
        Serve("text/plain; charset=utf-8", Encoding.UTF8.GetBytes("Line one.\nLine two.\n"));

        var page = await Reader().ReadAsync(Hit("/notes.txt", "Notes"), CancellationToken.None);

        Assert.Equal("Notes", page!.Title);
        Assert.Equal("Line one.\nLine two.", page.Text);
    }

    [Fact]
    public async Task Read_Image_IsRefusedWithItsType()
    {
        Serve("image/png", [0x89, 0x50, 0x4E, 0x47]);

        var e = await Assert.ThrowsAsync<PageReadException>(() => Reader().ReadAsync(Hit("/pic.png"), CancellationToken.None));

        Assert.Equal("cannot read image/png content", e.Message);
    }

    [Fact]
    public async Task Read_EmptyArticle_SaysSo()
    {
        Serve("text/html", "<html><body><nav>menu only</nav></body></html>"u8.ToArray());

        var e = await Assert.ThrowsAsync<PageReadException>(() => Reader().ReadAsync(Hit("/empty"), CancellationToken.None));

        Assert.Equal("the page has no readable text", e.Message);
    }

    [Fact]
    public async Task Read_NonWebAddress_IsNotHandled()
    {
        Assert.Null(await Reader().ReadAsync(new SearchHit("local://doc/42", "t", "", 0, "local"), CancellationToken.None));
        Assert.Null(await Reader().ReadAsync(new SearchHit("file:///etc/passwd", "t", "", 0, "x"), CancellationToken.None));
    }

    [Fact]
    public async Task Read_ForbiddenAddress_IsAPageReadExceptionWithTheReason()
    {
        using var strict = TestFetchers.Create(new FetchOptions());

        var e = await Assert.ThrowsAsync<PageReadException>(() =>
            new WebPageReader(strict, _extractor).ReadAsync(new SearchHit("http://192.168.0.1/router", "t", "", 0, "x"), CancellationToken.None));

        Assert.Equal("refused: 192.168.0.1 is a private address; allow it explicitly to fetch it", e.Message);
    }

    private WebPageReader Reader() => new(_fetcher, _extractor);

    private SearchHit Hit(string path, string title = "hit title") => new(_server.Url(path).AbsoluteUri, title, "", 1, "test");

    private void Serve(string? contentType, byte[] body) => _server.Handler = async ctx =>
    {
        if (contentType is not null)
        {
            ctx.Response.ContentType = contentType;
        }

        await ctx.Response.Body.WriteAsync(body);
    };

    private static Encoding CodePagesEncoding(string name) => CodePagesEncodingProvider.Instance.GetEncoding(name)!;

    private static byte[] MakePdf(string title, string text)
    {
        var builder = new PdfDocumentBuilder();
        builder.DocumentInformation.Title = title;
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var page = builder.AddPage(PageSize.A4);
        page.AddText(text, 12, new PdfPoint(40, 700), font);
        return builder.Build();
    }
}
