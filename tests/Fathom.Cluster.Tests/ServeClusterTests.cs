using System.Net;
using System.Text.Json;
using Fathom.Cluster.Tests.Support;
using Fathom.Events;
using Fathom.Server.Tests.Support;

namespace Fathom.Cluster.Tests;

/// <summary>Two real <c>fathom serve --cluster</c> processes on loopback; one is killed mid-run.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ServeClusterTests(TestPostgres postgres) : IDisposable
{
    private const string Key = "sk-cluster-process-0123456789";
    private readonly string _dir = Directory.CreateTempSubdirectory("fathom-serve-cluster-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task NodeKilledMidRun_TheRunCompletesAndItsEventsAreReadFromTheSurvivor()
    {
        var database = await postgres.NewDatabaseAsync();
        var corpus = Directory.CreateDirectory(Path.Combine(_dir, "corpus")).FullName;
        var i = 0;
        foreach (var (_, title, text) in InMemoryCorpus.EducationDocuments)
        {
            await File.WriteAllTextAsync(Path.Combine(corpus, $"doc{++i}.md"), $"# {title}\n\n{text}\n");
        }

        var keys = Path.Combine(_dir, "keys.txt");
        await File.WriteAllTextAsync(keys, Key + "\n");
        using var a = ServeProcess.Start(300, Arguments("a", corpus, keys, database));
        using var b = ServeProcess.Start(300, Arguments("b", corpus, keys, database));
        using var clientA = await a.ClientAsync(Key);
        using var clientB = await b.ClientAsync(Key);

        using var started = await clientA.SendAsync(ClusterNode.Generation(), HttpCompletionOption.ResponseHeadersRead);
        Assert.True(started.StatusCode == HttpStatusCode.OK, a.Errors);
        var runId = started.Headers.GetValues("x-request-id").Single();

        // Killed once the research is under way, before the report.
        var before = 0L;
        for (var tries = 0; tries < 400; tries++)
        {
            using var run = JsonDocument.Parse(await clientB.GetStringAsync($"/api/v1/research/{runId}"));
            before = run.RootElement.GetProperty("last_event_id").GetInt64();
            if (before >= 8)
            {
                break;
            }

            await Task.Delay(25);
        }

        await a.KillAsync();
        var events = await FathomEventStream.CollectAsync(clientB, runId).WaitAsync(TimeSpan.FromSeconds(120));

        FathomEventStream.AssertGapFree(events);
        Assert.True(events.OfType<RunFinished>().SingleOrDefault()?.Status == RunStatus.Completed, b.Errors);
        Assert.Single(events.OfType<RunStarted>(), s => s.Resumed);
        Assert.True(events.FindIndex(e => e is RunStarted { Resumed: true }) >= before, "the survivor went on from the last stored event");
        Assert.Single(events.OfType<ReportWritten>());
    }

    [Fact]
    public async Task Serve_ClusterWithoutKeysOrWithABadConnection_FailsWithTheFix()
    {
        Assert.True(string.IsNullOrEmpty(Environment.GetEnvironmentVariable("FATHOM_API_KEYS")), "the test needs a process without FATHOM_API_KEYS");
        var (code, output) = await Serve(["serve", "--data", _dir, "--cluster", "Host=127.0.0.1;Database=fathom;Username=fathom"]);
        Assert.Equal(2, code);
        Assert.Contains("same API keys on every node", output, StringComparison.Ordinal);

        (code, output) = await Serve(["serve", "--data", _dir, "--cluster", "not a connection string"]);
        Assert.Equal(2, code);
        Assert.Contains("--cluster is not a PostgreSQL connection string", output, StringComparison.Ordinal);

        (code, output) = await Serve(["serve", "--data", _dir, "--cluster", "Host=127.0.0.1;Database=fathom", "--silo-port", "7000", "--gateway-port", "7000"]);
        Assert.Equal(2, code);
        Assert.Contains("two different ports", output, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output)> Serve(string[] arguments)
    {
        var progress = new Spectre.Console.Testing.TestConsole();
        progress.Profile.Width = 10_000;
        var output = new Spectre.Console.Testing.TestConsole();
        output.Profile.Width = 10_000;
        var app = Fathom.Cli.FathomApp.Create(new Fathom.Cli.Infrastructure.CliConsole(output, progress, new StringReader(""), CanAsk: false), TimeProvider.System);
        var code = await app.RunAsync(arguments);
        return (code, output.Output + progress.Output);
    }

    private static string[] Arguments(string name, string corpus, string keys, string database) =>
    [
        "serve", "--urls", "http://127.0.0.1:0", "--corpus", corpus, "--keys-file", keys,
        "--index", Path.Combine(Path.GetDirectoryName(keys)!, $"index-{name}.db"),
        "--data", Path.Combine(Path.GetDirectoryName(keys)!, $"data-{name}"),
        "--cluster", database,
        "--silo-port", ClusterNode.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--gateway-port", ClusterNode.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
    ];
}
