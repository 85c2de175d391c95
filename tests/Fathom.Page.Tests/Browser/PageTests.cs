using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using Fathom.Page.Tests.Support;
using Microsoft.Playwright;
using UglyToad.PdfPig;
using static Microsoft.Playwright.Assertions;

namespace Fathom.Page.Tests.Browser;

/// <summary>
/// The page at <c>/</c> in a real browser (Debian's Chromium through Playwright) against the real
/// server on loopback, researching a small corpus with the built-in extractive model.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PageTests(BrowserFixture browser) : IAsyncLifetime
{
    // A 1×1 PNG, attached to the question as a person would attach a picture.
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    private PageServer _server = null!;
    private IBrowserContext _context = null!;
    private IPage _page = null!;

    public async Task InitializeAsync()
    {
        SetDefaultExpectTimeout(30_000);
        _server = await PageServer.StartAsync(searchDelay: TimeSpan.FromMilliseconds(1200));
        _context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = Screenshots.Desktop, AcceptDownloads = true });
        _page = await _context.NewPageAsync();
        _page.SetDefaultTimeout(30_000);
        _page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await _page.GotoAsync(_server.Address.ToString());
    }

    public async Task DisposeAsync()
    {
        await _context.CloseAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Ask_Clarify_Answer_EditPlan_WatchLive_ReadReport_ExportEveryFormat()
    {
        await EnterKeyAsync(PageServer.Key);
        await Screenshots.TakeAsync(_page, "01-ask");

        await _page.Locator("#question").FillAsync(TopicCorpus.Question);
        await _page.Locator("#images").SetInputFilesAsync(new FilePayload { Name = "diagram.png", MimeType = "image/png", Buffer = Png });
        await Expect(_page.Locator("#image-list img")).ToHaveAttributeAsync("alt", "diagram.png");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Research", Exact = true }).ClickAsync();

        // The extractive model asks its clarifying questions; the image is kept but not read, and the page says so.
        await Expect(_page.Locator("#clarify-panel")).ToBeVisibleAsync();
        await Expect(_page.Locator("#clarify-questions li")).ToHaveCountAsync(3);
        await Expect(_page.Locator("#notice")).ToContainTextAsync("cannot look at images");
        await Screenshots.TakeAsync(_page, "02-clarify");
        await _page.Locator("#clarify-answer").FillAsync("Air source heat pumps in ordinary houses; include noise.");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Answer and continue" }).ClickAsync();

        // The plan waits for review: edit it with the keyboard alone.
        await Expect(_page.Locator("#plan-panel")).ToBeVisibleAsync();
        var sections = _page.Locator("#plan-sections input");
        await Expect(sections.First).ToBeFocusedAsync();
        var original = await sections.EvaluateAllAsync<string[]>("inputs => inputs.map(i => i.value)");
        Assert.NotEmpty(original);
        await Screenshots.TakeAsync(_page, "03-plan");

        await _page.Keyboard.PressAsync("Control+A");
        await _page.Keyboard.TypeAsync("How heat pumps work");
        await _page.Locator("#plan-add").FocusAsync();
        await _page.Keyboard.PressAsync("Enter");
        await _page.Keyboard.TypeAsync("Noise");
        await _page.Keyboard.PressAsync("Tab");
        await _page.Keyboard.PressAsync("Enter"); // "↑": Noise moves up one place
        if (original.Length >= 3)
        {
            await _page.Locator("#plan-sections li").Nth(original.Length).Locator(".drop").FocusAsync();
            await _page.Keyboard.PressAsync("Enter"); // drops the last of the original sections
        }

        var edited = await sections.EvaluateAllAsync<string[]>("inputs => inputs.map(i => i.value)");
        Assert.Equal("How heat pumps work", edited[0]);
        Assert.Contains("Noise", edited);
        Assert.Equal(original.Length >= 3 ? original.Length : original.Length + 1, edited.Length);
        Assert.Equal(original.Length - 1, Array.IndexOf(edited, "Noise"));
        await Screenshots.TakeAsync(_page, "04-plan-edited");
        await _page.Locator("#plan-start").FocusAsync();
        await _page.Keyboard.PressAsync("Enter");

        // Live: rounds with their goal and queries, the sites found, what each page taught.
        await Expect(_page.Locator("#live-panel")).ToBeVisibleAsync();
        await Expect(_page.Locator("#rounds .round h4").First).ToContainTextAsync("Round 1");
        await Expect(_page.Locator("#rounds .queries li").First).ToBeVisibleAsync();
        await Expect(_page.Locator("#rounds .site .domain").First).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"\.example$"));
        await Expect(_page.Locator("#rounds .site .learned").First).ToContainTextAsync("Learned");
        await Expect(_page.Locator("#stat-elapsed")).Not.ToHaveTextAsync("0 s");
        await Screenshots.TakeAsync(_page, "05-live");

        // The report: rendered, with a date and a source count, the plan's sections, citations with their quotes.
        var report = _page.Locator("#report article.fathom-report");
        await Expect(report).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(report.Locator("h1")).ToHaveTextAsync("How do heat pumps work and what do they cost?");
        await Expect(report.Locator(".byline")).ToContainTextAsync(" sources");
        var runId = await RunIdAsync();
        var plan = JsonDocument.Parse(await _server.Client.GetStringAsync($"/api/v1/research/{runId}/plan")).RootElement;
        Assert.Equal(edited, plan.GetProperty("outline").EnumerateArray().Select(s => s.GetString()!));
        var headings = await report.Locator("h2").AllTextContentsAsync();
        Assert.Contains("Noise", headings);
        Assert.All(headings, h => Assert.True(edited.Contains(h) || h is "References" or "Further findings", $"unexpected section '{h}'"));
        var references = report.Locator("ol.references > li");
        Assert.True(await references.CountAsync() >= 2);
        await Screenshots.TakeAsync(_page, "06-report");

        var cite = report.Locator("a.cite").First;
        await cite.ScrollIntoViewIfNeededAsync();
        await cite.HoverAsync();
        var tip = cite.Locator(".tip");
        await Expect(tip).ToBeVisibleAsync();
        var quote = await tip.Locator("q").TextContentAsync();
        var target = (await cite.GetAttributeAsync("href"))!;
        var quotes = await report.Locator($"{target} blockquote").AllTextContentsAsync();
        Assert.Contains(quote, quotes);
        await Screenshots.TakeViewportAsync(_page, "07-citation-hover-desktop");
        await _page.Mouse.MoveAsync(0, 0);
        await Expect(tip).ToBeHiddenAsync();
        await cite.FocusAsync();
        await Expect(tip).ToBeVisibleAsync();
        await _page.SetViewportSizeAsync(Screenshots.Phone.Width, Screenshots.Phone.Height);
        await cite.ScrollIntoViewIfNeededAsync();
        await Screenshots.TakeViewportAsync(_page, "07-citation-focus-phone");
        await _page.SetViewportSizeAsync(Screenshots.Desktop.Width, Screenshots.Desktop.Height);

        await ExportAllAsync(headings.Where(h => h != "References").ToList());
    }

    [Fact]
    public async Task Reload_DuringARun_ReconnectsAndFinishes_ThenPastRunsReopenAndDelete()
    {
        await EnterKeyAsync(PageServer.Key);
        await _page.Locator("#clarify").UncheckAsync();
        await _page.Locator("#review-plan").UncheckAsync();
        await _page.Locator("#question").FillAsync("What do heat pumps cost to run?");
        await _page.Locator("#question").PressAsync("Tab");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Research", Exact = true }).ClickAsync();
        await Expect(_page.Locator("#rounds .round").First).ToBeVisibleAsync();
        var runId = await RunIdAsync();

        await _page.ReloadAsync();
        await Expect(_page.Locator("#run-title")).ToHaveTextAsync("What do heat pumps cost to run?");
        await Expect(_page.Locator("#live-panel")).ToBeVisibleAsync();
        Assert.Equal(runId, await RunIdAsync());
        await Screenshots.TakeAsync(_page, "08-reconnected");
        await Expect(_page.Locator("#report article.fathom-report")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        var rounds = await _page.Locator("#rounds .round h4").AllTextContentsAsync();
        Assert.Equal(rounds.Distinct().Count(), rounds.Count);
        Assert.Equal("completed", JsonDocument.Parse(await _server.Client.GetStringAsync($"/api/v1/research/{runId}")).RootElement.GetProperty("status").GetString());

        await _page.GetByRole(AriaRole.Button, new() { Name = "New question" }).ClickAsync();
        await Expect(_page.Locator("#ask")).ToBeVisibleAsync();
        var entry = _page.Locator("#runs-list li").Filter(new() { HasText = "What do heat pumps cost to run?" });
        await Expect(entry).ToHaveCountAsync(1);
        await Expect(entry).ToContainTextAsync("completed");
        await Screenshots.TakeAsync(_page, "09-past-runs");
        await entry.Locator(".open").ClickAsync();
        await Expect(_page.Locator("#report article.fathom-report h1")).ToHaveTextAsync("What do heat pumps cost to run?");

        await entry.Locator(".delete").ClickAsync();
        await Expect(entry).ToHaveCountAsync(0);
        await Expect(_page.Locator("#ask")).ToBeVisibleAsync();
        var gone = await _server.Client.GetAsync($"/api/v1/research/{runId}");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task WrongKey_IsShownInWords()
    {
        await EnterKeyAsync("sk-not-the-key");
        await Expect(_page.Locator("#error")).ToContainTextAsync("Invalid API-key provided");
        await _page.Locator("#question").FillAsync(TopicCorpus.Question);
        await _page.GetByRole(AriaRole.Button, new() { Name = "Research", Exact = true }).ClickAsync();
        await Expect(_page.Locator("#error")).ToContainTextAsync("enter a valid API key above");
        await Expect(_page.Locator("#error")).ToHaveAttributeAsync("role", "alert");
        await Screenshots.TakeAsync(_page, "10-wrong-key");
    }

    private async Task EnterKeyAsync(string key)
    {
        await _page.Locator("#api-key").FillAsync(key);
        await _page.Locator("#api-key").PressAsync("Enter");
        await Expect(_page.Locator("#key-state")).ToHaveTextAsync("Key set for this browser session.");
    }

    private async Task<string> RunIdAsync()
    {
        var hash = await _page.EvaluateAsync<string>("() => decodeURIComponent(location.hash)");
        Assert.StartsWith("#run=", hash, StringComparison.Ordinal);
        return hash[5..];
    }

    private async Task ExportAllAsync(IReadOnlyList<string> headings)
    {
        var title = "How do heat pumps work and what do they cost?";
        foreach (var format in new[] { "md", "html", "pdf", "docx", "pptx" })
        {
            var download = await _page.RunAndWaitForDownloadAsync(() => _page.Locator($".exports button[data-format={format}]").ClickAsync(), new() { Timeout = 90_000 });
            Assert.EndsWith("." + format, download.SuggestedFilename, StringComparison.Ordinal);
            var path = await download.PathAsync();
            var bytes = await File.ReadAllBytesAsync(path);
            var text = format switch
            {
                "md" or "html" => Encoding.UTF8.GetString(bytes),
                "pdf" => PdfText(bytes),
                "docx" => DocxText(bytes),
                _ => PptxText(bytes),
            };
            Assert.Contains(title, text, StringComparison.Ordinal);
            Assert.Contains("References", text, StringComparison.Ordinal);
            Assert.Contains("[1]", text, StringComparison.Ordinal);
            Assert.All(headings, h => Assert.Contains(h, text, StringComparison.Ordinal));
        }

        Assert.False(await _page.Locator("#error").IsVisibleAsync());
    }

    private static string PdfText(byte[] bytes)
    {
        using var pdf = PdfDocument.Open(bytes);
        return string.Join(" ", pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text))
            .Replace("\uFB01", "fi", StringComparison.Ordinal).Replace("\uFB02", "fl", StringComparison.Ordinal);
    }

    private static string DocxText(byte[] bytes)
    {
        using var docx = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        return string.Join("\n", docx.MainDocumentPart!.Document.Body!.Elements<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(p => p.InnerText));
    }

    private static string PptxText(byte[] bytes)
    {
        using var pptx = PresentationDocument.Open(new MemoryStream(bytes), false);
        return string.Join("\n", pptx.PresentationPart!.SlideParts.SelectMany(s => s.Slide.Descendants<DocumentFormat.OpenXml.Drawing.Paragraph>()).Select(p => p.InnerText));
    }
}
