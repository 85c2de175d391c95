using System.Net.Http.Headers;
using Fathom.Research;
using Fathom.Search.Local;
using Fathom.Server;
using Fathom.Server.Mcp;
using Fathom.Server.OpenAI;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fathom.Mcp.Tests.Support;

/// <summary>The real Fathom server on a free loopback port with its run store in a temporary directory.</summary>
internal sealed class FathomHost : IAsyncDisposable
{
    public const string Key = "sk-mcp-test-0123456789";

    private readonly WebApplication _app;

    private FathomHost(WebApplication app, string data)
    {
        _app = app;
        DataDirectory = data;
        Address = new Uri(app.Urls.First());
    }

    public Uri Address { get; }

    public string DataDirectory { get; }

    public static async Task<FathomHost> StartAsync(ResearchEngine engine, LocalIndex? index = null, int rounds = 2)
    {
        var data = Paths.TempDirectory();
        // Composed as `fathom serve` composes it, with every surface.
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(engine);
        if (index is not null)
        {
            builder.Services.AddSingleton(index);
        }

        builder.AddFathomServer(o =>
        {
            o.Urls = ["http://127.0.0.1:0"];
            o.DataDirectory = data;
            o.ApiKeys = [Key];
            o.Limits = new ResearchLimits { MaxRounds = rounds, PagesPerRound = 4 };
        });
        builder.Services.AddFathomMcp();
        var app = builder.Build();
        app.MapDashScope();
        app.MapRunApi();
        app.MapOpenAIChat();
        app.MapMcpServer();
        await app.StartAsync();
        return new FathomHost(app, data);
    }

    public HttpClient Client(string? key = Key)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromMinutes(2) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    /// <summary>Every byte the run store holds, as text: for checking that no secret was written.</summary>
    public string StoreBytes() => string.Concat(Directory.EnumerateFiles(DataDirectory, "*", SearchOption.AllDirectories)
        .Select(f =>
        {
            using var stream = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Paths.TryDelete(DataDirectory);
    }
}
