using Fathom.Events;
using Fathom.Research;
using Fathom.Storage;
using Fathom.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Fathom.Tests.Storage;

/// <summary>A row whose stored text is scribbled is skipped and reported; the rest of the store reads as before.</summary>
public sealed class DamagedRowTests
{
    [Fact]
    public async Task ReadEvents_EventWithScribbledJson_IsSkippedAndReportedAndTheOthersRead()
    {
        using var temp = new TempDirectory();
        using var store = SqliteRunStore.Open(temp.Path);
        store.Create("r", new ResearchRequest { Question = "q" }, "m", "o");
        for (var i = 1; i <= 4; i++)
        {
            await store.AppendAsync(Started(i));
        }

        Scribble(store.Path, "UPDATE events SET json = '{\"type\":\"run_started\",\"quest' WHERE sequence = 2");
        Scribble(store.Path, "UPDATE events SET json = replace(json, '\"sequence\":3', '\"sequence\":9') WHERE sequence = 3");
        var reported = new List<DamagedRow>();
        store.Rows.Damaged += reported.Add;

        Assert.Equal([1L, 4L], store.ReadEvents("r").Select(e => e.Sequence));
        Assert.Equal([2L, 3L], reported.Select(r => r.Sequence!.Value));
        Assert.All(reported, r => Assert.Equal("r", r.RunId));
        Assert.Contains("cannot be read", reported[0].Problem, StringComparison.Ordinal);
        Assert.Contains("event 9", reported[1].Problem, StringComparison.Ordinal);
        Assert.Equal(2, store.Rows.Skipped);
    }

    [Theory]
    [InlineData("request", "'{not json'")]
    [InlineData("status", "'scribbled'")]
    [InlineData("created_at", "'yesterday-ish'")]
    [InlineData("cost", "'a lot'")]
    [InlineData("reference_list", "x'00ff'")]
    public void FindAndList_RunWithAScribbledField_IsSkippedAndReported(string column, string value)
    {
        using var temp = new TempDirectory();
        using var store = SqliteRunStore.Open(temp.Path);
        store.Create("good", new ResearchRequest { Question = "a sound run" }, "m", "o");
        store.Create("bad", new ResearchRequest { Question = "a damaged run" }, "m", "o");
        Scribble(store.Path, $"UPDATE runs SET {column} = {value} WHERE id = 'bad'");
        var reported = new List<DamagedRow>();
        store.Rows.Damaged += reported.Add;

        Assert.Null(store.Find("bad"));
        Assert.Equal(["good"], store.List().Select(r => r.Id));
        var listed = store.ListByOwner("o").Select(r => r.Id).ToList();
        Assert.Contains("good", listed);
        if (column is "request" or "status" or "created_at")
        {
            Assert.DoesNotContain("bad", listed); // the summary reads these fields too
        }

        Assert.NotNull(store.Find("good"));
        Assert.NotEmpty(reported);
        Assert.All(reported, r => Assert.Equal(("bad", (long?)null), (r.RunId, r.Sequence)));
        Assert.Contains("run bad:", reported[0].ToString(), StringComparison.Ordinal);
    }

    private static RunStarted Started(long sequence) => new("q", new ResearchLimits(), "m") { RunId = "r", Sequence = sequence };

    /// <summary>Writes to the store's file behind its back, as a disk fault or a careless hand would.</summary>
    private static void Scribble(string file, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.Equal(1, command.ExecuteNonQuery());
    }
}
