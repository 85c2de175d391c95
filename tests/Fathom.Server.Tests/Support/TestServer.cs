using System.Net.Http.Headers;
using System.Text;
using Fathom.Research;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fathom.Server.Tests.Support;

/// <summary>The real server on a free loopback port, with a run store in a temporary directory.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    public const string Key = "sk-test-0123456789";

    private readonly WebApplication _app;
    private readonly bool _ownsData;

    private TestServer(WebApplication app, string dataDirectory, bool ownsData, Uri address)
    {
        _app = app;
        _ownsData = ownsData;
        DataDirectory = dataDirectory;
        Address = address;
        Client = NewClient(Key);
    }

    public string DataDirectory { get; }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public static ResearchEngine Engine(ScriptedResearchModel.Script? script = null)
    {
        var corpus = InMemoryCorpus.Education();
        return new ResearchEngine(new ScriptedResearchModel(script ?? new()), [corpus], corpus);
    }

    public static async Task<TestServer> StartAsync(
        ResearchEngine? engine = null, string? dataDirectory = null, Action<FathomServerOptions>? configure = null, ILoggerProvider? logs = null,
        Action<WebApplicationBuilder>? host = null)
    {
        var owns = dataDirectory is null;
        dataDirectory ??= NewDataDirectory();
        var app = Build(engine ?? Engine(), o =>
        {
            o.DataDirectory = dataDirectory;
            o.ApiKeys = [Key, "sk-other-key"];
            o.Limits = new ResearchLimits { MaxRounds = 3, PagesPerRound = 3 };
            configure?.Invoke(o);
        }, logs, host);
        await app.StartAsync();
        return new TestServer(app, dataDirectory, owns, new Uri(app.Urls.First()));
    }

    /// <summary>
    /// The server as a host composes it, on a free loopback port: the engine, <c>AddFathomServer</c>,
    /// both surfaces. Logs go to <paramref name="logs"/> (every level) or, without it, nowhere below Warning.
    /// </summary>
    public static WebApplication Build(ResearchEngine engine, Action<FathomServerOptions> configure, ILoggerProvider? logs = null, Action<WebApplicationBuilder>? host = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        host?.Invoke(builder); // what a test changes in the host (Kestrel's limits, its sockets)

        builder.Logging.ClearProviders();
        if (logs is null)
        {
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        }
        else
        {
            builder.Logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs);
        }

        builder.Services.AddSingleton(engine);
        builder.AddFathomServer(o =>
        {
            o.Urls = ["http://127.0.0.1:0"];
            configure(o);
        });
        var app = builder.Build();
        app.MapDashScope();
        app.MapRunApi();
        return app;
    }

    public static string NewDataDirectory() => Directory.CreateTempSubdirectory("fathom-server-tests-").FullName;

    public HttpClient NewClient(string? key)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    /// <summary>A generation request as curl sends it: the SSE header (unless not <paramref name="stream"/>) and a JSON body.</summary>
    public static HttpRequestMessage Generation(string body, bool stream = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/services/aigc/text-generation/generation")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (stream)
        {
            request.Headers.Add("X-DashScope-SSE", "enable");
        }

        return request;
    }

    public async Task<(HttpResponseMessage Response, string Body)> PostAsync(string body, bool stream = true, HttpClient? client = null)
    {
        var response = await (client ?? Client).SendAsync(Generation(body, stream));
        return (response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Stops the server gracefully (its runs are left interrupted).</summary>
    public async Task StopAsync() => await _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_ownsData)
        {
            TryDelete(DataDirectory);
        }
    }

    public static void TryDelete(string directory)
    {
        try
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
