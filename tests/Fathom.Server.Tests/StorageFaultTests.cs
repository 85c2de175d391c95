using System.Net;
using System.Text.Json;
using Fathom.Events;
using Fathom.Server.Tests.Support;
using Fathom.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Fathom.Server.Tests;

/// <summary>
/// A store with damaged rows: the stream of a run with a scribbled event plays to its end without
/// it, a scribbled run answers in protocol, the server logs each skipped row, and a server whose
/// store was emptied where runs were kept refuses to start.
/// </summary>
public sealed class StorageFaultTests
{
    private static readonly string Research = ErrorTests.Body(extra: "\"enable_feedback\":false");

    [Fact]
    public async Task ScribbledEvent_StreamPlaysToTheEndWithoutItAndTheServerLogsIt()
    {
        var logs = new LogRecorder();
        await using var server = await TestServer.StartAsync(logs: logs);
        var (response, body) = await server.PostAsync(Research);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var runId = response.Headers.GetValues("x-request-id").Single();
        var all = await FathomEventStream.CollectAsync(server.Client, runId);
        Assert.IsType<RunFinished>(all[^1]);

        Scribble(server.DataDirectory, $"UPDATE events SET json = substr(json, 1, 20) WHERE run_id = '{runId}' AND sequence = 3");

        var replayed = await FathomEventStream.CollectAsync(server.Client, runId);
        Assert.Equal(all.Select(e => e.Sequence).Where(s => s != 3), replayed.Select(e => e.Sequence));
        Assert.IsType<RunFinished>(replayed[^1]);
        var warning = Assert.Single(logs.Entries, e => e.Message.Contains("damaged row", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains($"event 3 of run {runId}", warning.Message, StringComparison.Ordinal);
        Assert.Null(warning.Exception);
    }

    [Fact]
    public async Task ScribbledRun_AnswersInProtocolAndIsLeftOutOfTheList()
    {
        await using var server = await TestServer.StartAsync();
        var (first, _) = await server.PostAsync(Research);
        var (second, _) = await server.PostAsync(Research);
        var damaged = first.Headers.GetValues("x-request-id").Single();
        var sound = second.Headers.GetValues("x-request-id").Single();
        Scribble(server.DataDirectory, $"UPDATE runs SET request = '{{\"question\":' WHERE id = '{damaged}'");

        using var get = await server.Client.GetAsync($"/api/v1/research/{damaged}");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        using (var error = JsonDocument.Parse(await get.Content.ReadAsStringAsync()))
        {
            Assert.False(string.IsNullOrEmpty(error.RootElement.GetProperty("code").GetString()));
        }

        using var events = await server.Client.GetAsync($"/api/v1/research/{damaged}/events");
        Assert.Equal(HttpStatusCode.NotFound, events.StatusCode);
        Assert.NotEmpty(await events.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync($"/api/v1/research/{sound}")).StatusCode);
    }

    [Fact]
    public async Task StoreEmptiedWhereRunsWereKept_ServerRefusesToStartSayingWhy()
    {
        var data = TestServer.NewDataDirectory();
        try
        {
            await using (var server = await TestServer.StartAsync(dataDirectory: data))
            {
                var (response, _) = await server.PostAsync(Research);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            SqliteConnection.ClearAllPools();
            foreach (var file in Directory.GetFiles(data, SqliteRunStore.FileName + "*"))
            {
                File.Delete(file);
            }

            var refused = await Assert.ThrowsAsync<InvalidDataException>(() => TestServer.StartAsync(dataDirectory: data));
            Assert.Contains("holds no runs", refused.Message, StringComparison.Ordinal);
            Assert.Contains(RunHistoryMarker.FileName, refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            TestServer.TryDelete(data);
        }
    }

    private static void Scribble(string dataDirectory, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDirectory, SqliteRunStore.FileName), Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.Equal(1, command.ExecuteNonQuery());
    }
}
