using System.Globalization;

namespace Fathom.Storage;

/// <summary>
/// A small file in a data directory that says runs were stored there. A store that opens empty
/// while the marker says it held runs (its database replaced by a blank one, emptied, or pointed at
/// the wrong place) is refused with a message, instead of starting silently with every run lost.
/// The marker is written when the first run is stored and removed when the last run is deleted on
/// purpose, so an empty store that was emptied that way opens as usual. It belongs to the data
/// directory, not to one kind of store: hosts open any store through <see cref="MarkedRunStore.Open"/>.
/// </summary>
public sealed class RunHistoryMarker
{
    /// <summary>The marker's file name inside the data directory.</summary>
    public const string FileName = "runs.marker";

    private volatile bool _recorded;

    /// <summary>The marker for the data directory <paramref name="directory"/>.</summary>
    public RunHistoryMarker(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Path = System.IO.Path.Combine(System.IO.Path.GetFullPath(directory), FileName);
        _recorded = File.Exists(Path);
    }

    /// <summary>The marker file.</summary>
    public string Path { get; }

    /// <summary>
    /// Checks a store as it opens: refuses an empty one where runs were stored, and records that
    /// runs exist in a store that holds some (a store from before the marker existed).
    /// </summary>
    /// <param name="holdsRuns">Whether the store holds at least one run.</param>
    /// <param name="store">The store, as its operator knows it (a file path, a database name).</param>
    /// <exception cref="InvalidDataException">The store is empty but runs were stored for this data directory.</exception>
    public void Verify(bool holdsRuns, string store)
    {
        if (holdsRuns)
        {
            Record();
            return;
        }

        if (!File.Exists(Path))
        {
            return;
        }

        var since = ReadSince();
        throw new InvalidDataException(
            $"The run store '{store}' holds no runs, but runs were stored for this data directory{since} ({Path} says so). " +
            "The database may have been replaced by an empty one, emptied, or the store may point at the wrong place. " +
            $"Put the database with the runs back (from a backup); to start with no runs on purpose, delete '{Path}'.");
    }

    /// <summary>Records that the store holds runs; cheap once recorded.</summary>
    public void Record()
    {
        if (_recorded)
        {
            return;
        }

        try
        {
            File.WriteAllText(Path, $"Runs are stored for this data directory since {DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)}.\n" +
                "An empty run store here is refused while this file exists; delete it to start with no runs on purpose.\n");
            _recorded = true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The marker is a safeguard; a store that works without it keeps working.
        }
    }

    /// <summary>Removes the marker: the store was emptied on purpose (its last run deleted).</summary>
    public void Clear()
    {
        try
        {
            File.Delete(Path);
            _recorded = false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left in place, it refuses the empty store at the next start with a message that says how to proceed.
        }
    }

    private string ReadSince()
    {
        try
        {
            var text = File.ReadAllText(Path);
            var at = text.IndexOf(" since ", StringComparison.Ordinal);
            var end = at < 0 ? -1 : text.IndexOf('\n', at);
            return at < 0 || end < 0 ? "" : " since " + text[(at + 7)..end].TrimEnd('.');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
