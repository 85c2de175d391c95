using Fathom.Research;
using Fathom.Storage;
using Fathom.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Fathom.Tests.Storage;

/// <summary>An empty store where runs were kept is refused at open; one emptied on purpose opens.</summary>
public sealed class RunHistoryMarkerTests
{
    private static MarkedRunStore Open(string directory) => MarkedRunStore.Open(SqliteRunStore.Open(directory), directory, "the test store");

    [Fact]
    public void Open_DatabaseRemovedWhereRunsWereStored_IsRefusedNamingTheMarkerAndTheFix()
    {
        using var temp = new TempDirectory();
        using (var store = Open(temp.Path))
        {
            store.Create("r", new ResearchRequest { Question = "q" }, "m", "o");
        }

        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(temp.Path, SqliteRunStore.FileName + "*"))
        {
            File.Delete(file);
        }

        var refused = Assert.Throws<InvalidDataException>(() => Open(temp.Path));
        var marker = System.IO.Path.Combine(temp.Path, RunHistoryMarker.FileName);
        Assert.Contains("holds no runs", refused.Message, StringComparison.Ordinal);
        Assert.Contains(marker, refused.Message, StringComparison.Ordinal);
        Assert.Contains("backup", refused.Message, StringComparison.Ordinal);

        // Deleting the marker is the way to start afresh on purpose.
        File.Delete(marker);
        using var fresh = Open(temp.Path);
        Assert.Empty(fresh.List());
    }

    [Fact]
    public void Open_RowsDeletedBehindTheStoresBack_IsRefused()
    {
        using var temp = new TempDirectory();
        string path;
        using (var store = Open(temp.Path))
        {
            store.Create("r", new ResearchRequest { Question = "q" }, "m", "o");
            path = ((SqliteRunStore)store.Inner).Path;
        }

        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM events; DELETE FROM runs;";
            command.ExecuteNonQuery();
        }

        Assert.Throws<InvalidDataException>(() => Open(temp.Path));
    }

    [Fact]
    public void Open_LastRunDeletedThroughTheStore_OpensEmpty()
    {
        using var temp = new TempDirectory();
        using (var store = Open(temp.Path))
        {
            store.Create("a", new ResearchRequest { Question = "q" }, "m", "o");
            store.Create("b", new ResearchRequest { Question = "q" }, "m", "o");
            Assert.True(store.Delete("a"));
            Assert.True(File.Exists(store.Marker.Path)); // one run is left
            Assert.True(store.Delete("b"));
            Assert.False(File.Exists(store.Marker.Path));
        }

        using var reopened = Open(temp.Path);
        Assert.Empty(reopened.List());
    }

    [Fact]
    public void Open_StoreWithRunsFromBeforeTheMarker_RecordsIt()
    {
        using var temp = new TempDirectory();
        using (var store = Open(temp.Path))
        {
            store.Create("r", new ResearchRequest { Question = "q" }, "m", "o");
        }

        var marker = System.IO.Path.Combine(temp.Path, RunHistoryMarker.FileName);
        File.Delete(marker); // as a store written before the marker existed
        using (Open(temp.Path))
        {
            Assert.True(File.Exists(marker));
        }
    }
}
