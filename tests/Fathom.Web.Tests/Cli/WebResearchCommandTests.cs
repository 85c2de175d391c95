using System.Text.Json;
using Fathom.Cli;
using Fathom.Cli.Infrastructure;
using Fathom.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Spectre.Console.Testing;

namespace Fathom.Web.Tests.Cli;

/// <summary><c>fathom research --web …</c> against a loopback SearXNG and a loopback web site.</summary>
public sealed class WebResearchCommandTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fathom-cli-web-" + Guid.NewGuid().ToString("N"));
    private readonly TestConsole _out = new();
    private readonly TestConsole _progress = new();
    private IReadOnlyList<CorpusDocument> _corpus = [];
    private LoopbackServer _web = null!;
    private LoopbackServer _search = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        Environment.SetEnvironmentVariable("XDG_DATA_HOME", Path.Combine(_dir, "data"));
        _corpus = ResearchCorpus.Documents("471082"); // why gas prices are so high
        _web = await LoopbackServer.StartAsync(async ctx =>
        {
            var id = ctx.Request.Path.Value!.TrimStart('/');
            if (_corpus.FirstOrDefault(d => d.Id == id) is not { } doc)
            {
                ctx.Response.StatusCode = 404;
                return;
            }

            ctx.Response.ContentType = "text/html; charset=utf-8";
            await ctx.Response.WriteAsync(ResearchCorpus.AsHtml(doc));
        });
        _search = await LoopbackServer.StartAsync(SearxngReplica.Handler([.. _corpus.Select(d => new IndexedPage(_web.Url("/" + d.Id), d.Title, d.Text))]));
    }

    public async Task DisposeAsync()
    {
        await _web.DisposeAsync();
        await _search.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Research_WithWebSearch_WritesReportCitingFetchedPages()
    {
        var question = ResearchCorpus.Question("471082");
        var outFile = Path.Combine(_dir, "r.json");

        var code = await Run(question, "--web", $"searxng={_search.BaseAddress}", "--allow-host", "127.0.0.1", "--rounds", "1", "--no-clarify", "--out", outFile);

        Assert.True(code == 0, _out.Output + _progress.Output);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(outFile));
        var references = json.RootElement.GetProperty("references").EnumerateArray().ToList();
        Assert.NotEmpty(references);
        foreach (var reference in references)
        {
            var url = reference.GetProperty("url").GetString()!;
            Assert.StartsWith(_web.BaseAddress.AbsoluteUri, url, StringComparison.Ordinal);
            var original = _corpus.Single(d => url.EndsWith("/" + d.Id, StringComparison.Ordinal)).Text;
            Assert.All(reference.GetProperty("quotes").EnumerateArray(), q =>
                Assert.Contains(Fathom.Text.Words.NormalizeSpace(q.GetString()!), Fathom.Text.Words.NormalizeSpace(original), StringComparison.Ordinal));
        }

        Assert.True(File.Exists(Path.Combine(_dir, "data", "fathom", "cache", "pages.db")));
    }

    [Fact]
    public async Task Research_WithoutAllowHost_RefusesLoopbackPagesAndSaysSo()
    {
        var question = ResearchCorpus.Question("471082");
        var events = Path.Combine(_dir, "run.jsonl");

        await Run(question, "--web", $"searxng={_search.BaseAddress}", "--rounds", "1", "--no-clarify", "--events", events, "--out", Path.Combine(_dir, "r.md"));

        var skipped = File.ReadLines(events).Where(l => l.Contains("\"page_skipped\"", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(skipped);
        Assert.All(skipped, l => Assert.Contains("refused: 127.0.0.1 is a loopback address", l, StringComparison.Ordinal));
        Assert.Empty(_web.Requests);
    }

    [Fact]
    public async Task Research_WebSearchWithoutItsKey_SaysWhichSettingToSet()
    {
        Environment.SetEnvironmentVariable("TAVILY_API_KEY", null); // this test process only

        var code = await Run("q", "--web", "tavily", "--no-clarify");

        Assert.NotEqual(0, code);
        Assert.Contains("TAVILY_API_KEY", _out.Output + _progress.Output, StringComparison.Ordinal);
    }

    private async Task<int> Run(string question, params string[] args)
    {
        var console = new CliConsole(_out, _progress, new StringReader(""), false);
        var model = new ScriptedResearchModel([question]);
        return await FathomApp.Create(console, TimeProvider.System, new ModelCatalog(_ => model)).RunAsync(["research", question, .. args]);
    }
}
