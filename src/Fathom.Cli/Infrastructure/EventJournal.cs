using Fathom.Events;

namespace Fathom.Cli.Infrastructure;

/// <summary>Appends each event as one JSON line the moment it happens, so a run stopped halfway keeps what it did.</summary>
public sealed class EventJournal : IAsyncDisposable
{
    private readonly List<StreamWriter> _writers = [];

    /// <summary>Opens a journal writing to every path given (folders are created).</summary>
    public EventJournal(params IEnumerable<string> paths)
    {
        foreach (var path in paths.Distinct(StringComparer.Ordinal))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            _writers.Add(new StreamWriter(path, append: false) { AutoFlush = true });
        }
    }

    /// <summary>Writes one event.</summary>
    public async Task WriteAsync(ResearchEvent e)
    {
        var line = FathomJson.Serialize(e);
        foreach (var writer in _writers)
        {
            await writer.WriteLineAsync(line);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var writer in _writers)
        {
            await writer.DisposeAsync();
        }
    }
}
