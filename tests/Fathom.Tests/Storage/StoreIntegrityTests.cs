using Fathom.Research;
using Fathom.Storage;
using Fathom.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Fathom.Tests.Storage;

/// <summary>A damaged store file is refused as it opens, with a message that names the file and the fix.</summary>
public sealed class StoreIntegrityTests
{
    [Fact]
    public void Open_SoundStore_OpensAgainWithItsRuns()
    {
        using var temp = new TempDirectory();
        Fill(temp.Path);
        using var store = SqliteRunStore.Open(temp.Path);
        Assert.Equal(40, store.List(100).Count);
    }

    [Fact]
    public void Open_StoreWithAScribbledPage_IsRefusedNamingTheFileAndTheFix()
    {
        using var temp = new TempDirectory();
        var copy = CopyOfFilledStore(temp.Path);

        // Garbage over the second page onward: the tables' b-trees, not the header SQLite reads first.
        Scribble(System.IO.Path.Combine(copy, SqliteRunStore.FileName), offset: 4096, length: 8192);

        var refused = Assert.Throws<InvalidDataException>(() => SqliteRunStore.Open(copy));
        Assert.Contains(System.IO.Path.Combine(copy, SqliteRunStore.FileName), refused.Message, StringComparison.Ordinal);
        Assert.Contains(".recover", refused.Message, StringComparison.Ordinal);
        Assert.Contains("aside", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_StoreWithAScribbledHeader_IsRefusedNamingTheFileAndTheFix()
    {
        using var temp = new TempDirectory();
        var copy = CopyOfFilledStore(temp.Path);
        Scribble(System.IO.Path.Combine(copy, SqliteRunStore.FileName), offset: 0, length: 100);

        var refused = Assert.Throws<InvalidDataException>(() => SqliteRunStore.Open(copy));
        Assert.Contains(System.IO.Path.Combine(copy, SqliteRunStore.FileName), refused.Message, StringComparison.Ordinal);
        Assert.Contains(".recover", refused.Message, StringComparison.Ordinal);
    }

    private static string CopyOfFilledStore(string root)
    {
        var original = System.IO.Path.Combine(root, "original");
        Fill(original);
        var copy = Directory.CreateDirectory(System.IO.Path.Combine(root, "copy")).FullName;
        File.Copy(System.IO.Path.Combine(original, SqliteRunStore.FileName), System.IO.Path.Combine(copy, SqliteRunStore.FileName));
        return copy;
    }

    private static void Fill(string directory)
    {
        using (var store = SqliteRunStore.Open(directory))
        {
            for (var i = 0; i < 40; i++)
            {
                store.Create($"run-{i}", new ResearchRequest { Question = new string('q', 400) + i }, "extractive", "key:1");
            }
        }

        // The last connection closing checkpoints the write-ahead log into the file, so that the file alone holds the runs.
        SqliteConnection.ClearAllPools();
    }

    private static void Scribble(string file, int offset, int length)
    {
        var bytes = File.ReadAllBytes(file);
        Assert.True(bytes.Length >= offset + length, $"The store is {bytes.Length} bytes, too small to scribble over.");
        new Random(7).NextBytes(bytes.AsSpan(offset, length));
        File.WriteAllBytes(file, bytes);
    }
}
