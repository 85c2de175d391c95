using Fathom.Events;
using Fathom.Models.Chat;
using Fathom.Reading.Extraction;
using Fathom.Reading.Web;
using Fathom.Research;
using Fathom.Search;
using Fathom.Search.Web;
using Fathom.Text;
using Fathom.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Fathom.Web.Tests.Research;

/// <summary>
/// Whole research runs over the real web stack on loopback: a SearXNG replica finds pages, the
/// safe fetcher reads them from a web replica serving the shared research corpus and extraction
/// pages, the article extractor finds their text, and a model learns and writes: the language-model
/// research model over a scripted chat client, or a scripted research model.
/// </summary>
public sealed class WebResearchRunTests : IAsyncLifetime
{
    private const string QueryId = "1004305"; // why startups fail
    private readonly HttpClient _http = new();
    private readonly ArticleExtractor _extractor = new();
    private IReadOnlyList<CorpusDocument> _corpus = [];
    private IReadOnlyList<(string Id, byte[] Gzip, string Article)> _extraction = [];
    private LoopbackServer _web = null!;
    private LoopbackServer _search = null!;
    private LoopbackServer _stormy = null!;
    private WebFetcher _fetcher = null!;

    public async Task InitializeAsync()
    {
        _corpus = ResearchCorpus.Documents(QueryId);
        _extraction = ResearchCorpus.ExtractionPages(4);
        _web = await LoopbackServer.StartAsync(ServePage);
        _fetcher = TestFetchers.Create(new FetchOptions { AllowedHosts = ["127.0.0.1"] });

        var index = _corpus.Select(d => new IndexedPage(_web.Url("/corpus/" + d.Id), d.Title, d.Text))
            .Concat(_extraction.Select(p => new IndexedPage(_web.Url("/extraction/" + p.Id), p.Article[..60], p.Article)))
            .ToList();
        IndexedPage[] traps =
        [
            new(_web.Url("/gone"), "A page that is gone", "why startups fail"),
            new(_web.Url("/moved"), "A page that moved", "why startups fail"),
        ];
        _search = await LoopbackServer.StartAsync(SearxngReplica.Handler(index, traps));
        _stormy = await LoopbackServer.StartAsync(ctx =>
        {
            ctx.Response.StatusCode = 429;
            ctx.Response.Headers.RetryAfter = "0";
            return Task.CompletedTask;
        });
    }

    public async Task DisposeAsync()
    {
        _fetcher.Dispose();
        _http.Dispose();
        await _web.DisposeAsync();
        await _search.DisposeAsync();
        await _stormy.DisposeAsync();
    }

    [Fact]
    public async Task Run_AgainstLoopbackWeb_WritesCitedReportWithVerbatimQuotes()
    {
        var question = ResearchCorpus.Question(QueryId);
        var reader = new RecordingReader(new WebPageReader(_fetcher, _extractor));
        var model = new ScriptedResearchModel([question, "startup failure reasons cash market"]);
        var engine = new ResearchEngine(model, [Searxng()], reader);

        var events = await Collect(engine, question, new ResearchLimits { MaxRounds = 3, PagesPerRound = 6, Concurrency = 3 });

        var result = ResearchResult.Fold(events);
        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.NotEmpty(result.References);
        Assert.Matches(@"\[\[\d+\]\]", result.Report);
        Assert.True(events.OfType<PageLearned>().Count() >= 3, "several pages were read and learned from");

        // Every quote is verbatim in the page the reader produced, and in the corpus document behind it.
        foreach (var reference in result.References)
        {
            var page = reader.Read[reference.Url];
            var original = Original(reference.Url);
            Assert.NotEmpty(reference.Quotes);
            foreach (var quote in reference.Quotes)
            {
                Assert.Contains(Words.NormalizeSpace(quote), Words.NormalizeSpace(page.Text), StringComparison.Ordinal);
                Assert.Contains(Words.NormalizeSpace(quote), Words.NormalizeSpace(original), StringComparison.Ordinal);
            }
        }

        // Pages that could not be read are events with their reason, and the run went on.
        var skipped = events.OfType<PageSkipped>().ToList();
        Assert.Contains(skipped, s => s.Url.EndsWith("/gone", StringComparison.Ordinal) && s.Reason == "HTTP 404 Not Found");
        Assert.Contains(skipped, s => s.Url.EndsWith("/moved", StringComparison.Ordinal) && s.Reason.StartsWith("refused: 169.254.169.254 is the cloud metadata address", StringComparison.Ordinal));
        Assert.DoesNotContain(result.References, r => r.Url.EndsWith("/gone", StringComparison.Ordinal) || r.Url.EndsWith("/moved", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_LanguageModelOverScriptedChatClient_WritesCitedReportWithVerbatimQuotes()
    {
        var question = ResearchCorpus.Question(QueryId);
        var reader = new RecordingReader(new WebPageReader(_fetcher, _extractor));
        var chat = new ScriptedChatClient([question, "startup failure reasons cash market"]);
        var model = new ChatResearchModel(ChatModelRoles.Shared(chat), new ChatModelOptions { Name = "scripted-chat" });
        var engine = new ResearchEngine(model, [Searxng()], reader);

        var events = await Collect(engine, question, new ResearchLimits { MaxRounds = 3, PagesPerRound = 6, Concurrency = 3 });

        var result = ResearchResult.Fold(events);
        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.DoesNotContain(events, e => e is ModelAnswerRejected);
        var report = events.OfType<ReportWritten>().Single();
        Assert.True(report.Verification.CitedSentences >= 3, report.Markdown);
        Assert.True(result.References.Count >= 2, report.Markdown);
        foreach (var reference in result.References)
        {
            Assert.Contains($"[[{reference.Index}]]", report.Markdown, StringComparison.Ordinal);
            Assert.NotEmpty(reference.Quotes);
            foreach (var quote in reference.Quotes)
            {
                Assert.Contains(Words.NormalizeSpace(quote), Words.NormalizeSpace(reader.Read[reference.Url].Text), StringComparison.Ordinal);
                Assert.Contains(Words.NormalizeSpace(quote), Words.NormalizeSpace(Original(reference.Url)), StringComparison.Ordinal);
            }
        }

        Assert.Contains(events.OfType<PageSkipped>(), s => s.Reason.StartsWith("refused: 169.254.169.254", StringComparison.Ordinal));
        Assert.Equal(chat.Calls * 300, result.Usage.TotalTokens);
    }

    [Fact]
    public async Task Run_LanguageModelWithTokenBudget_StaysWithinItAndSaysSo()
    {
        var question = ResearchCorpus.Question(QueryId);
        var chat = new ScriptedChatClient([question, "startup failure cash", "startup failure market", "startup failure team"]);
        var model = new ChatResearchModel(ChatModelRoles.Shared(chat), new ChatModelOptions { Name = "scripted-chat" });
        var engine = new ResearchEngine(model, [Searxng()], new WebPageReader(_fetcher, _extractor));
        const long budget = 13_000; // the model keeps room for the report, so research stops well before the ceiling

        // One page at a time: the model holds back each call's worst case, so concurrent calls would make where it stops depend on timing.
        var events = await Collect(engine, question, new ResearchLimits { MaxRounds = 4, PagesPerRound = 4, Concurrency = 1, TokenBudget = budget });

        var result = ResearchResult.Fold(events);
        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Contains(LimitKind.TokenBudget, result.LimitsHit);
        Assert.Contains(events, e => e is LimitReached { Limit: LimitKind.TokenBudget });
        Assert.True(result.Usage.TotalTokens <= budget, $"spent {result.Usage.TotalTokens} of {budget} tokens");
        Assert.True(result.Rounds < 4, "research stopped before its last round");
        Assert.Equal("token_budget", events.OfType<ResearchFinished>().Single().StopReason);
        Assert.NotEmpty(result.References);
    }

    [Fact]
    public async Task Run_ExtractionPages_AreReadAndQuotedVerbatim()
    {
        var page = _extraction[0];
        var question = string.Join(' ', Words.ContentTokens(Sentences.Split(page.Article).First(s => Words.Count(s.Text) >= 8).Text).Take(6));
        var reader = new RecordingReader(new WebPageReader(_fetcher, _extractor));
        var engine = new ResearchEngine(new ScriptedResearchModel([question]), [Searxng()], reader);

        var events = await Collect(engine, question, new ResearchLimits { MaxRounds = 1, PagesPerRound = 4 });

        var result = ResearchResult.Fold(events);
        var cited = Assert.Single(result.References, r => r.Url.EndsWith("/extraction/" + page.Id, StringComparison.Ordinal));
        var pageText = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(ResearchCorpus.Gunzip(page.Gzip)).Body!.TextContent;
        Assert.NotEmpty(cited.Quotes);
        foreach (var quote in cited.Quotes)
        {
            Assert.Contains(Words.NormalizeSpace(quote), Words.NormalizeSpace(reader.Read[cited.Url].Text), StringComparison.Ordinal);
            Assert.Contains(Words.NormalizeSpace(quote), Words.NormalizeSpace(pageText), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Run_429StormFromOneProvider_StillWritesACitedReport()
    {
        var question = ResearchCorpus.Question(QueryId);
        var stormy = WebSearchProviders.CreateResilient(
            "tavily",
            _http,
            new WebSearchOptions { Endpoint = _stormy.BaseAddress, ApiKey = "tvly-secret-key-0042", RateLimit = SearchRateLimit.PerSecond(100) },
            new SearchRetryOptions { MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(50) });
        var engine = new ResearchEngine(new ScriptedResearchModel([question]), [stormy, Searxng()], new WebPageReader(_fetcher, _extractor));

        var events = await Collect(engine, question, new ResearchLimits { MaxRounds = 1, PagesPerRound = 5 });

        var result = ResearchResult.Fold(events);
        var failed = Assert.Single(events.OfType<SearchFailed>());
        Assert.Equal("tavily", failed.Provider);
        Assert.Contains("rate limited (HTTP 429)", failed.Reason, StringComparison.Ordinal);
        Assert.Contains("gave up after 3 of 3 attempts", failed.Reason, StringComparison.Ordinal);
        Assert.Equal(3, _stormy.Requests.Count);
        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.NotEmpty(result.References);
        Assert.DoesNotContain(events, e => FathomJsonText(e).Contains("tvly-secret-key-0042", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_WithTokenBudget_StopsResearchWithinItAndSaysSo()
    {
        var question = ResearchCorpus.Question(QueryId);
        var perCall = new TokenUsage(80, 20);
        var model = new ScriptedResearchModel([question, "startup failure cash", "startup failure market", "startup failure team", "startup failure product"], perCall);
        var engine = new ResearchEngine(model, [Searxng()], new WebPageReader(_fetcher, _extractor));
        const long budget = 700;

        var events = await Collect(engine, question, new ResearchLimits { MaxRounds = 5, PagesPerRound = 4, Concurrency = 1, TokenBudget = budget });

        var limit = Assert.Single(events.OfType<LimitReached>());
        Assert.Equal(LimitKind.TokenBudget, limit.Limit);
        Assert.Contains($"of {budget} tokens spent", limit.Detail, StringComparison.Ordinal);
        var finished = Assert.Single(events.OfType<ResearchFinished>());
        Assert.Equal("token_budget", finished.StopReason);
        Assert.True(finished.Rounds < 5, "research stopped before all rounds");

        // Research spends no more than the budget plus the one call that crossed it; only the report is written after.
        var spentByResearch = events.TakeWhile(e => e is not ResearchFinished).OfType<UsageUpdated>().Last().Usage.TotalTokens;
        var spentAtLimit = (model.LearnCalls + finished.Rounds + 1) * perCall.TotalTokens;
        Assert.True(spentAtLimit <= budget + perCall.TotalTokens, $"research spent {spentAtLimit} tokens against a budget of {budget}");
        Assert.True(spentByResearch <= budget + perCall.TotalTokens);
        Assert.Contains(events.OfType<PageSkipped>(), s => s.Reason == "not read: the token budget is spent");

        var result = ResearchResult.Fold(events);
        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Contains(LimitKind.TokenBudget, result.LimitsHit);
        Assert.NotEmpty(result.References);
        Assert.Equal(spentAtLimit + perCall.TotalTokens, result.Usage.TotalTokens);
    }

    private ISearchProvider Searxng() => new SearxngSearchProvider(_http, new WebSearchOptions { Endpoint = _search.BaseAddress });

    private static async Task<List<ResearchEvent>> Collect(ResearchEngine engine, string question, ResearchLimits limits)
    {
        var events = new List<ResearchEvent>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await foreach (var e in engine.RunAsync(new ResearchRequest { Question = question, AllowClarification = false, Limits = limits }, cancellationToken: timeout.Token))
        {
            events.Add(e);
        }

        return events;
    }

    private static string FathomJsonText(ResearchEvent e) => FathomJson.Serialize(e);

    private string Original(string url)
    {
        var path = new Uri(url).AbsolutePath;
        return path.StartsWith("/corpus/", StringComparison.Ordinal)
            ? _corpus.Single(d => d.Id == path["/corpus/".Length..]).Text
            : _extraction.Single(p => p.Id == path["/extraction/".Length..]).Article;
    }

    private async Task ServePage(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "";
        if (path == "/moved")
        {
            ctx.Response.Redirect("http://169.254.169.254/latest/meta-data/iam/security-credentials/");
            return;
        }

        if (path.StartsWith("/corpus/", StringComparison.Ordinal) && _corpus.FirstOrDefault(d => d.Id == path["/corpus/".Length..]) is { } doc)
        {
            ctx.Response.ContentType = "text/html; charset=utf-8";
            await ctx.Response.WriteAsync(ResearchCorpus.AsHtml(doc));
            return;
        }

        if (path.StartsWith("/extraction/", StringComparison.Ordinal) && _extraction.FirstOrDefault(p => p.Id == path["/extraction/".Length..]) is { Gzip: not null } page)
        {
            ctx.Response.ContentType = "text/html; charset=utf-8";
            ctx.Response.Headers.ContentEncoding = "gzip";
            await ctx.Response.Body.WriteAsync(page.Gzip);
            return;
        }

        ctx.Response.StatusCode = 404;
    }
}
