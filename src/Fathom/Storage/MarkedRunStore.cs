using Fathom.Events;
using Fathom.Research;

namespace Fathom.Storage;

/// <summary>
/// Any run store, kept in step with its data directory's <see cref="RunHistoryMarker"/>: checked as it
/// opens (an empty store where runs were kept is refused), marked when a run is created, unmarked when
/// its last run is deleted. Everything else goes straight to the store.
/// </summary>
public sealed class MarkedRunStore : IRunStore
{
    private readonly IRunStore _inner;

    private MarkedRunStore(IRunStore inner, RunHistoryMarker marker)
    {
        _inner = inner;
        Marker = marker;
    }

    /// <summary>The store this one passes to.</summary>
    public IRunStore Inner => _inner;

    /// <summary>The data directory's marker.</summary>
    public RunHistoryMarker Marker { get; }

    /// <summary>
    /// Checks <paramref name="store"/> against the marker of <paramref name="dataDirectory"/> and wraps it;
    /// a store that is refused is disposed.
    /// </summary>
    /// <param name="store">The store just opened.</param>
    /// <param name="dataDirectory">The data directory it belongs to.</param>
    /// <param name="description">The store as its operator knows it (a file path, a database name).</param>
    /// <exception cref="InvalidDataException">The store is empty but runs were kept for this data directory.</exception>
    public static MarkedRunStore Open(IRunStore store, string dataDirectory, string description)
    {
        ArgumentNullException.ThrowIfNull(store);
        var marker = new RunHistoryMarker(dataDirectory);
        try
        {
            marker.Verify(store.List(1).Count > 0, description);
        }
        catch
        {
            store.Dispose();
            throw;
        }

        return new MarkedRunStore(store, marker);
    }

    /// <inheritdoc />
    public StoredRun Create(string id, ResearchRequest request, string model, string owner, string? hostRequest = null)
    {
        var run = _inner.Create(id, request, model, owner, hostRequest);
        Marker.Record();
        return run;
    }

    /// <inheritdoc />
    public bool Delete(string id)
    {
        var deleted = _inner.Delete(id);
        if (deleted && _inner.List(1).Count == 0)
        {
            Marker.Clear(); // emptied on purpose: an empty store is what it should be now
        }

        return deleted;
    }

    /// <inheritdoc />
    public Task<AppendResult> TryAppendAsync(ResearchEvent e, CancellationToken cancellationToken = default) => _inner.TryAppendAsync(e, cancellationToken);

    /// <inheritdoc />
    public Task AppendAsync(ResearchEvent e, CancellationToken cancellationToken = default) => _inner.AppendAsync(e, cancellationToken);

    /// <inheritdoc />
    public IReadOnlyList<ResearchEvent> ReadEvents(string id, long afterSequence = 0) => _inner.ReadEvents(id, afterSequence);

    /// <inheritdoc />
    public StoredRun? Find(string id) => _inner.Find(id);

    /// <inheritdoc />
    public IReadOnlyList<StoredRun> List(int limit = 50) => _inner.List(limit);

    /// <inheritdoc />
    public IReadOnlyList<StoredRunSummary> ListByOwner(string owner, int limit = 100) => _inner.ListByOwner(owner, limit);

    /// <inheritdoc />
    public bool SetStatus(string id, StoredRunStatus status, string? error = null) => _inner.SetStatus(id, status, error);

    /// <inheritdoc />
    public int ReassignOwner(string from, string to) => _inner.ReassignOwner(from, to);

    /// <inheritdoc />
    public IReadOnlyList<string> MarkInterrupted(string reason, string? node = null) => _inner.MarkInterrupted(reason, node);

    /// <inheritdoc />
    public bool TryClaim(string id, string node, TimeSpan lease) => _inner.TryClaim(id, node, lease);

    /// <inheritdoc />
    public bool Release(string id, string node) => _inner.Release(id, node);

    /// <inheritdoc />
    public IReadOnlyList<string> ListOrphaned(int limit = 100) => _inner.ListOrphaned(limit);

    /// <inheritdoc />
    public void Dispose() => _inner.Dispose();
}
