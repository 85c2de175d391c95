using Fathom.Events;
using Fathom.Research;
using Fathom.Storage;
using Fathom.Storage.Postgres;
using Fathom.Testing;
using Npgsql;

namespace Fathom.Tests.Storage.Postgres;

/// <summary>
/// The PostgreSQL store reads rows as the SQLite store does (<see cref="StoredRows"/>): a row whose
/// stored text is scribbled is skipped and reported, and the rest of the store reads as before.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresDamagedRowTests(PostgresServer server) : IDisposable
{
    private string? _database;

    [SkippableFact]
    public async Task ReadEvents_EventWithScribbledJson_IsSkippedAndReportedAndTheOthersRead()
    {
        using var store = PostgresRunStore.Open(Database());
        store.Create("r", new ResearchRequest { Question = "q" }, "m", "o");
        for (var i = 1; i <= 4; i++)
        {
            await store.AppendAsync(Started(i));
        }

        Scribble("UPDATE fathom_events SET json = '{\"type\":\"run_started\",\"quest' WHERE sequence = 2");
        Scribble("UPDATE fathom_events SET json = replace(json, '\"sequence\":3', '\"sequence\":9') WHERE sequence = 3");
        var reported = new List<DamagedRow>();
        store.Rows.Damaged += reported.Add;

        Assert.Equal([1L, 4L], store.ReadEvents("r").Select(e => e.Sequence));
        Assert.Equal([2L, 3L], reported.Select(r => r.Sequence!.Value));
        Assert.All(reported, r => Assert.Equal("r", r.RunId));
        Assert.Contains("cannot be read", reported[0].Problem, StringComparison.Ordinal);
        Assert.Contains("event 9", reported[1].Problem, StringComparison.Ordinal);
        Assert.Equal(2, store.Rows.Skipped);
    }

    [SkippableTheory]
    [InlineData("request", "'{not json'")]
    [InlineData("status", "'scribbled'")]
    [InlineData("reference_list", "'[{\"number\":'")]
    public void FindAndList_RunWithAScribbledField_IsSkippedAndReported(string column, string value)
    {
        using var store = PostgresRunStore.Open(Database());
        store.Create("good", new ResearchRequest { Question = "a sound run" }, "m", "o");
        store.Create("bad", new ResearchRequest { Question = "a damaged run" }, "m", "o");
        Scribble($"UPDATE fathom_runs SET {column} = {value} WHERE id = 'bad'");
        var reported = new List<DamagedRow>();
        store.Rows.Damaged += reported.Add;

        Assert.Null(store.Find("bad"));
        Assert.Equal(["good"], store.List().Select(r => r.Id));
        var listed = store.ListByOwner("o").Select(r => r.Id).ToList();
        Assert.Contains("good", listed);
        if (column is "request" or "status")
        {
            Assert.DoesNotContain("bad", listed); // the summary reads these fields too
        }

        Assert.NotNull(store.Find("good"));
        Assert.NotEmpty(reported);
        Assert.All(reported, r => Assert.Equal(("bad", (long?)null), (r.RunId, r.Sequence)));
        Assert.Contains("run bad:", reported[0].ToString(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Store_SaysWhereItIsWithoutThePassword_AndHowToRestoreADamagedRow()
    {
        using var store = PostgresRunStore.Open(new NpgsqlConnectionStringBuilder(Database()) { Password = "hunter2-secret" }.ConnectionString);
        IReportsDamagedRows reports = store;
        Assert.Contains("database fathom_test_", reports.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", reports.Description, StringComparison.Ordinal);
        Assert.Contains("backup", reports.RecoveryHint, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (_database is not null)
        {
            server.DropDatabase(_database);
        }
    }

    private string Database() => _database ??= server.CreateDatabase();

    private static RunStarted Started(long sequence) => new("q", new ResearchLimits(), "m") { RunId = "r", Sequence = sequence };

    /// <summary>Writes to the store's tables behind its back, as a disk fault or a careless hand would.</summary>
    private void Scribble(string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_database) { Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        Assert.Equal(1, command.ExecuteNonQuery());
    }
}
