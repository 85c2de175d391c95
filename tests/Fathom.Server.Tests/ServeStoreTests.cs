using System.Net;
using System.Text.RegularExpressions;
using Fathom.Cli;
using Fathom.Cli.Infrastructure;
using Fathom.Server.Tests.Support;
using Fathom.Storage;
using Fathom.Storage.Postgres;
using Fathom.Testing;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console.Testing;

namespace Fathom.Server.Tests;

/// <summary><c>fathom serve --store</c>: runs kept in PostgreSQL instead of the data directory's SQLite file.</summary>
public sealed partial class ServeStoreTests(PostgresServer postgres) : IClassFixture<PostgresServer>, IDisposable
{
    private readonly string _dir = TestServer.NewDataDirectory();
    private string? _database;

    public void Dispose()
    {
        if (_database is not null)
        {
            postgres.DropDatabase(_database);
        }

        TestServer.TryDelete(_dir);
    }

    [GeneratedRegex(@"on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ServingOn();

    [SkippableFact]
    public async Task Serve_WithStore_KeepsRunsInPostgres_AndARestartedServerServesThem()
    {
        _database = postgres.CreateDatabase();
        var corpus = Directory.CreateDirectory(Path.Combine(_dir, "corpus")).FullName;
        var i = 0;
        foreach (var (_, title, text) in InMemoryCorpus.EducationDocuments)
        {
            await File.WriteAllTextAsync(Path.Combine(corpus, $"doc{++i}.md"), $"# {title}\n\n{text}\n");
        }

        var keys = Path.Combine(_dir, "keys.txt");
        await File.WriteAllTextAsync(keys, "sk-from-file\n");
        var data = Path.Combine(_dir, "data");
        string[] serve = ["serve", "--urls", "http://127.0.0.1:0", "--corpus", corpus, "--index", Path.Combine(_dir, "index.db"), "--data", data, "--keys-file", keys, "--store", _database];

        await using (var first = await ServeAsync(serve))
        {
            using var response = await first.Client.SendAsync(TestServer.Generation(SeedCurl.Bodies()[0]));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var frames = StrictSse.Parse(await response.Content.ReadAsStringAsync(), response.Headers.GetValues("x-request-id").Single());
            Assert.Equal("finished", frames[^1].Status);
            Assert.Contains("PostgreSQL", first.Progress.Output, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(Path.Combine(data, SqliteRunStore.FileName)), "with --store the SQLite file is not made");
        string id;
        using (var store = PostgresRunStore.Open(_database))
        {
            var run = Assert.Single(store.List());
            id = run.Id;
            var events = store.ReadEvents(id);
            Assert.NotEmpty(events);
            Assert.Equal(events[^1].Sequence, run.LastSequence);
            Assert.Equal(RunProjection.Fold(events).Status, run.Status);
            Assert.Equal(RunProjection.Fold(events).Usage, run.Usage);
        }

        await using var second = await ServeAsync(serve);
        using var again = await second.Client.GetAsync(new Uri($"/api/v1/research/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains(id, await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task PostgresStore_ScribbledEvent_StreamPlaysToTheEndWithoutIt_AndTheServerLogsItWithTheFix()
    {
        _database = postgres.CreateDatabase();
        var logs = new LogRecorder();
        var database = _database;
        await using var server = await TestServer.StartAsync(logs: logs, host: b => b.Services.AddRunStore(_ => PostgresRunStore.Open(database)));
        var (response, _) = await server.PostAsync(ErrorTests.Body(extra: "\"enable_feedback\":false"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var runId = response.Headers.GetValues("x-request-id").Single();
        var all = await FathomEventStream.CollectAsync(server.Client, runId);
        Assert.IsType<Fathom.Events.RunFinished>(all[^1]);

        await using (var connection = new Npgsql.NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await using var scribble = new Npgsql.NpgsqlCommand("UPDATE fathom_events SET json = left(json, 20) WHERE run_id = @id AND sequence = 3", connection);
            scribble.Parameters.AddWithValue("id", runId);
            Assert.Equal(1, await scribble.ExecuteNonQueryAsync());
        }

        var replayed = await FathomEventStream.CollectAsync(server.Client, runId);
        Assert.Equal(all.Select(e => e.Sequence).Where(s => s != 3), replayed.Select(e => e.Sequence));
        var warning = Assert.Single(logs.Entries, e => e.Message.Contains("damaged row", StringComparison.Ordinal));
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, warning.Level);
        Assert.Contains($"event 3 of run {runId}", warning.Message, StringComparison.Ordinal);
        Assert.Contains("database fathom_test_", warning.Message, StringComparison.Ordinal);
        Assert.Contains("backup", warning.Message, StringComparison.Ordinal);
        Assert.Null(warning.Exception);
    }

    [Fact]
    public async Task Serve_MalformedStore_FailsNamingTheOption()
    {
        var (code, output) = await RunAsync(["serve", "--store", "Host=db;Colour=blue"]);
        Assert.NotEqual(0, code);
        Assert.Contains("--store", output, StringComparison.Ordinal);
        Assert.Contains("malformed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_UnreachableStore_FailsWithTheFix_AndNeverShowsThePassword()
    {
        var missing = Path.Combine(_dir, "no-server-here");
        var (code, output) = await RunAsync(["serve", "--urls", "http://127.0.0.1:0", "--data", Path.Combine(_dir, "data"), "--store", $"Host={missing};Database=fathom;Username=fathom;Password=hunter2-secret;Timeout=3"]);
        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("Cannot open the run store in PostgreSQL", output, StringComparison.Ordinal);
        Assert.Contains("database fathom", output, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", output, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output)> RunAsync(string[] args)
    {
        var progress = new TestConsole();
        progress.Profile.Width = 10_000;
        var output = new TestConsole();
        output.Profile.Width = 10_000;
        var app = FathomApp.Create(new CliConsole(output, progress, new StringReader(""), CanAsk: false), TimeProvider.System, new ModelCatalog(_ => new ScriptedResearchModel(new())));
        var code = await app.RunAsync(args);
        return (code, output.Output + progress.Output);
    }

    private static async Task<Serving> ServeAsync(string[] args)
    {
        var progress = new TestConsole();
        progress.Profile.Width = 10_000;
        var app = FathomApp.Create(new CliConsole(new TestConsole(), progress, new StringReader(""), CanAsk: false), TimeProvider.System, new ModelCatalog(_ => new ScriptedResearchModel(new())));
        var stop = new CancellationTokenSource();
        var task = app.RunAsync(args, stop.Token);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (ServingOn().Match(progress.Output) is not { Success: true })
        {
            Assert.False(task.IsCompleted, $"fathom serve stopped: {progress.Output}");
            Assert.True(DateTime.UtcNow < deadline, "fathom serve did not start within 60 s");
            await Task.Delay(50);
        }

        var client = new HttpClient { BaseAddress = new Uri(ServingOn().Match(progress.Output).Groups[1].Value) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", "sk-from-file");
        return new Serving(task, stop, client, progress);
    }

    private sealed record Serving(Task<int> Task, CancellationTokenSource Stop, HttpClient Client, TestConsole Progress) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await Stop.CancelAsync();
            Assert.Equal(0, await Task.WaitAsync(TimeSpan.FromSeconds(30)));
            Stop.Dispose();
        }
    }
}
