using System.Net.Http.Headers;
using Fathom.Research;
using Fathom.Server;
using Fathom.Server.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fathom.Page.Tests.Support;

/// <summary><c>fathom serve</c>'s server on a free loopback port over the heat-pump corpus and the extractive model, with its runs in a temporary folder.</summary>
internal sealed class PageServer : IAsyncDisposable
{
    public const string Key = "sk-page-test-0123456789";

    public const string OtherKey = "sk-page-other-9876543210";

    private readonly WebApplication _app;
    private readonly TopicCorpus _corpus;

    private PageServer(WebApplication app, TopicCorpus corpus, string data)
    {
        _app = app;
        _corpus = corpus;
        DataDirectory = data;
        Address = new Uri(app.Urls.First());
        Client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
    }

    public Uri Address { get; }

    public string DataDirectory { get; }

    public HttpClient Client { get; }

    /// <summary>Starts the server; each search waits <paramref name="searchDelay"/> so that a run lasts long enough to watch.</summary>
    public static async Task<PageServer> StartAsync(TimeSpan? searchDelay = null)
    {
        var corpus = await TopicCorpus.CreateAsync(searchDelay);
        var data = TempFiles.NewDirectory("fathom-page-data-");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(corpus.Engine);
        builder.AddFathomServer(o =>
        {
            o.Urls = ["http://127.0.0.1:0"];
            o.DataDirectory = data;
            o.ApiKeys = [Key, OtherKey];
            o.Limits = new ResearchLimits { MaxRounds = 2, PagesPerRound = 3 };
        });
        builder.Services.AddWebPage();
        var app = builder.Build();
        app.MapDashScope();
        app.MapRunApi();
        app.MapWebPage();
        await app.StartAsync();
        return new PageServer(app, corpus, data);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _corpus.Dispose();
        TempFiles.Delete(DataDirectory);
    }
}
