using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Fathom.Cli;
using Fathom.Cli.Infrastructure;
using Fathom.Tests.Support;
using Spectre.Console.Testing;

namespace Fathom.Tests.Reading.Extraction;

public sealed class ExtractCommandTests : IDisposable
{
    private const string Html = """
        <html lang="en"><head><title>Flood cuts valley road | Valley Post</title></head><body>
        <nav><a href="/">Home</a></nav>
        <article><h1>Flood cuts valley road</h1>
        <p>The river rose four metres overnight, flooding the lower town and cutting the only road to the valley.</p>
        <p>Residents said the water came faster than in any flood they remembered, and the council opened the school as a shelter.</p>
        </article></body></html>
        """;

    private readonly TempDirectory _dir = new();
    private readonly TestConsole _out = new();
    private readonly TestConsole _progress = new();

    public void Dispose() => _dir.Dispose();

    private async Task<int> Run(params string[] args)
    {
        _out.Profile.Width = 10_000;
        var console = new CliConsole(_out, _progress, new StringReader(""), CanAsk: false);
        return await FathomApp.Create(console, TimeProvider.System).RunAsync(args);
    }

    [Fact]
    public async Task Extract_Json_PrintsOneObjectPerInput_GzipAccepted()
    {
        var plain = _dir.File("page.html");
        await File.WriteAllTextAsync(plain, Html);
        var gzipped = _dir.File("page.html.gz");
        await using (var gzip = new GZipStream(File.Create(gzipped), CompressionLevel.Fastest))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(Html));
        }

        var code = await Run("extract", plain, gzipped, "--json");

        Assert.Equal(0, code);
        var lines = _out.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        foreach (var (line, input) in lines.Zip(new[] { plain, gzipped }))
        {
            using var json = JsonDocument.Parse(line);
            Assert.Equal(input, json.RootElement.GetProperty("input").GetString());
            Assert.Equal("Flood cuts valley road", json.RootElement.GetProperty("title").GetString());
            Assert.Contains("The river rose four metres overnight", json.RootElement.GetProperty("text").GetString(), StringComparison.Ordinal);
            Assert.DoesNotContain("Home", json.RootElement.GetProperty("text").GetString(), StringComparison.Ordinal);
            Assert.Contains("council opened the school", json.RootElement.GetProperty("markdown").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Extract_WithoutJson_PrintsMarkdownUnderTheTitle()
    {
        var plain = _dir.File("page.html");
        await File.WriteAllTextAsync(plain, Html);

        var code = await Run("extract", plain);

        Assert.Equal(0, code);
        Assert.StartsWith("# Flood cuts valley road", _out.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Home", _out.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extract_WithoutJson_TextThatOpensWithItsTitle_ShowsTheTitleOnce()
    {
        var notes = _dir.File("notes.md");
        await File.WriteAllTextAsync(notes, "# Ferry  notes\n\nThe new ferry is silent at the quay.\n\n## Charging\n\nIt charges in twelve minutes.\n");
        var other = _dir.File("other.md");
        await File.WriteAllTextAsync(other, "Opening words before any heading.\n\n# Ferry notes\n\nThe crossing takes forty minutes.\n");

        Assert.Equal(0, await Run("extract", notes));
        var once = _out.Output;
        Assert.Equal(0, await Run("extract", other));
        var below = _out.Output[once.Length..];

        Assert.StartsWith("# Ferry  notes\n\nThe new ferry is silent at the quay.", once, StringComparison.Ordinal);
        Assert.Single(once.Split('\n'), l => l.Contains("Ferry", StringComparison.Ordinal));
        Assert.Contains("## Charging", once, StringComparison.Ordinal);

        // A heading further down is the text's own; the title still heads the Markdown.
        Assert.StartsWith("# Ferry notes\n\nOpening words before any heading.", below, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extract_LocalAddressOrMissingFile_FailsWithAClearMessage()
    {
        var code = await Run("extract", "http://127.0.0.1:9/story", _dir.File("missing.html"));

        Assert.Equal(2, code);
        Assert.Contains("refused", _progress.Output, StringComparison.Ordinal);
        Assert.Contains("does not exist", _progress.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extract_Url_FetchesThePageFromAnAllowedHost()
    {
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var serving = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            context.Response.ContentType = "text/html; charset=utf-8";
            var bytes = Encoding.UTF8.GetBytes(Html);
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        });

        var code = await Run("extract", $"http://127.0.0.1:{port}/news/flood", "--allow-host", "127.0.0.1", "--json");
        await serving;

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(_out.Output.Trim());
        Assert.Equal("Flood cuts valley road", json.RootElement.GetProperty("title").GetString());
        Assert.StartsWith("The river rose four metres overnight", json.RootElement.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    private const string LinkedHtml = """
        <html lang="en"><head><title>Flood cuts valley road | Valley Post</title></head><body>
        <article><h1>Flood cuts valley road</h1>
        <p>The river rose four metres overnight, flooding the lower town; the <a href="/council/notices">council's notices</a> list the closed roads.</p>
        <p>Residents said the water came faster than in any flood they remembered (<a href="maps/flood.html">the flood map</a>).</p>
        <p>The regional service keeps <a href="//weather.example.net/valley">its own forecast</a> for the valley, updated every hour.</p>
        </article></body></html>
        """;

    [Fact]
    public async Task Extract_SavedPageWithItsAddress_ResolvesLinksAgainstIt()
    {
        var markdown = await SavedPageMarkdown("--url", "https://post.example.org/2026/flood");

        Assert.Contains("](https://post.example.org/council/notices)", markdown, StringComparison.Ordinal);
        Assert.Contains("](https://post.example.org/2026/maps/flood.html)", markdown, StringComparison.Ordinal);
        Assert.Contains("](https://weather.example.net/valley)", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extract_SavedPageWithoutItsAddress_NeverLinksToTheRootOfTheDisk()
    {
        var markdown = await SavedPageMarkdown();

        Assert.Contains("](/council/notices)", markdown, StringComparison.Ordinal);
        Assert.Contains("](https://weather.example.net/valley)", markdown, StringComparison.Ordinal);
        Assert.Contains($"]({new Uri(Path.Combine(_dir.Path, "maps", "flood.html")).AbsoluteUri})", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("file:///council", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("file://weather", markdown, StringComparison.Ordinal);
    }

    /// <summary>The Markdown <c>fathom extract --json</c> writes of a saved page with links of every kind.</summary>
    private async Task<string> SavedPageMarkdown(params string[] options)
    {
        var saved = _dir.File("saved.html");
        await File.WriteAllTextAsync(saved, LinkedHtml);

        var code = await Run(["extract", saved, "--json", .. options]);

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(_out.Output.Trim());
        return json.RootElement.GetProperty("markdown").GetString()!;
    }

    [Theory]
    [InlineData("ftp://example.org/page", "absolute http or https address")]
    [InlineData("example.org/page", "absolute http or https address")]
    public async Task Extract_UrlThatIsNotAWebAddress_IsRefusedWithTheFix(string url, string message)
    {
        var saved = _dir.File("saved.html");
        await File.WriteAllTextAsync(saved, LinkedHtml);

        var code = await Run("extract", saved, "--url", url);

        Assert.NotEqual(0, code);
        Assert.Contains(message, _out.Output + _progress.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extract_UrlWithSeveralInputs_IsRefusedWithTheFix()
    {
        var first = _dir.File("first.html");
        var second = _dir.File("second.html");
        await File.WriteAllTextAsync(first, LinkedHtml);
        await File.WriteAllTextAsync(second, LinkedHtml);

        var code = await Run("extract", first, second, "--url", "https://post.example.org/2026/flood");

        Assert.NotEqual(0, code);
        Assert.Contains("pass exactly one file", _out.Output + _progress.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extract_Json_ReportsThePageType()
    {
        var plain = _dir.File("page.html");
        await File.WriteAllTextAsync(plain, Html);

        var code = await Run("extract", plain, "--json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(_out.Output.Trim());
        var type = json.RootElement.GetProperty("page_type").GetString();
        Assert.True(Enum.TryParse<Fathom.Reading.PageType>(type, ignoreCase: true, out _), $"page_type '{type}' is not a page type");
    }

    [Fact]
    public async Task Extract_MarkdownAndTextFiles_AreReadAsText()
    {
        var markdown = _dir.File("notes.md");
        await File.WriteAllTextAsync(markdown, "# Field notes\n\nThe river rose *four metres*\novernight.\n\n- first item\n- second item\n");
        var text = _dir.File("notes.txt");
        await File.WriteAllTextAsync(text, "<p>Not HTML</p> but a line\nthat wraps.\n\nA second paragraph.\n");

        var code = await Run("extract", markdown, text, "--json");

        Assert.Equal(0, code);
        var lines = _out.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using var md = JsonDocument.Parse(lines[0]);
        Assert.Equal("Field notes", md.RootElement.GetProperty("title").GetString());
        Assert.Contains("The river rose four metres overnight.", md.RootElement.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("- first item", md.RootElement.GetProperty("markdown").GetString(), StringComparison.Ordinal);
        using var txt = JsonDocument.Parse(lines[1]);
        Assert.Equal("<p>Not HTML</p> but a line that wraps.\n\nA second paragraph.", txt.RootElement.GetProperty("text").GetString());
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
