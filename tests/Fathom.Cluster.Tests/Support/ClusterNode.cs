using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Fathom.Research;
using Fathom.Server;
using Fathom.Server.Runs;
using Fathom.Server.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fathom.Cluster.Tests.Support;

/// <summary>
/// One node of a test cluster in this process: the real server (Kestrel on a free loopback port) and
/// an Orleans silo on free loopback ports, joined over the test's PostgreSQL database.
/// </summary>
internal sealed class ClusterNode : IAsyncDisposable
{
    public const string Key = "sk-cluster-test-0123456789";

    /// <summary>Short waits, so that a test sees a takeover within seconds.</summary>
    public static readonly ClusterTimings Fast = new()
    {
        FollowWait = TimeSpan.FromSeconds(2),
        HandOverWait = TimeSpan.FromSeconds(5),
        TakeoverPeriod = TimeSpan.FromSeconds(5),
        ProbeTimeout = TimeSpan.FromSeconds(1),
        ClaimLease = TimeSpan.FromSeconds(6),
    };

    private readonly WebApplication _app;
    private readonly string _data;
    private bool _stopped;

    private ClusterNode(string name, WebApplication app, string data)
    {
        Name = name;
        _app = app;
        _data = data;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(120) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
    }

    public string Name { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    internal RunCoordinator Runs => _app.Services.GetRequiredService<RunCoordinator>();

    public static ResearchEngine Engine(ScriptedResearchModel.Script script)
    {
        var corpus = InMemoryCorpus.Education();
        return new ResearchEngine(new ScriptedResearchModel(script), [corpus], corpus);
    }

    public static async Task<ClusterNode> StartAsync(string name, string connectionString, ResearchEngine engine, int runsPerKey = 8)
    {
        var data = Directory.CreateTempSubdirectory("fathom-cluster-node-").FullName;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(engine);
        builder.AddFathomServer(o =>
        {
            o.Urls = ["http://127.0.0.1:0"];
            o.DataDirectory = data;
            o.ApiKeys = [Key];
            o.MaxConcurrentRunsPerKey = runsPerKey;
            o.Limits = new ResearchLimits { MaxRounds = 3, PagesPerRound = 3 };
        });

        builder.AddFathomCluster(new FathomClusterOptions
        {
            ConnectionString = connectionString,
            SiloPort = ClusterNode.FreePort(),
            GatewayPort = ClusterNode.FreePort(),
            NodeName = name,
            Timings = Fast,
        });
        var app = builder.Build();
        app.MapDashScope();
        app.MapRunApi();
        await app.StartAsync();
        return new ClusterNode(name, app, data);
    }

    /// <summary>A loopback port free now (Orleans advertises the port it is given, so it cannot take 0).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A DashScope generation request that streams; the run's id comes back in <c>x-request-id</c>.</summary>
    public static HttpRequestMessage Generation(string question = "How does AI change education?") => new(HttpMethod.Post, "/api/v1/services/aigc/text-generation/generation")
    {
        Content = new StringContent(
            "{\"model\":\"qwen-deep-research\",\"input\":{\"messages\":[{\"role\":\"user\",\"content\":\"" + question + "\"}]},\"parameters\":{\"enable_feedback\":false}}",
            Encoding.UTF8,
            "application/json"),
        Headers = { { "X-DashScope-SSE", "enable" } },
    };

    /// <summary>Stops the node gracefully: its silo leaves the cluster, its runs are handed over.</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _app.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
