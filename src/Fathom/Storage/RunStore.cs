using System.Globalization;
using System.Text.Json;
using Fathom.Events;
using Fathom.Research;
using Fathom.Sources;
using Microsoft.Data.Sqlite;

namespace Fathom.Storage;

/// <summary>
/// Keeps runs in one SQLite file: the request, every event as it happens, and the run's status,
/// usage and report as they change. The event log is the run's checkpoint: a stored run can be
/// replayed from any event and resumed from its last one. Thread-safe; writes go through one
/// connection in order, reads use their own.
/// </summary>
public sealed class RunStore : IDisposable
{
    /// <summary>The database file's name inside the data directory.</summary>
    public const string FileName = "fathom.db";

    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;

    private RunStore(string path, TimeProvider time)
    {
        _time = time;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
        _writer = new SqliteConnection(_connectionString);
        try
        {
            _writer.Open();
            CheckIntegrity(_writer, path);
        }
        catch
        {
            _writer.Dispose();
            throw;
        }

        Execute(_writer, """
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            PRAGMA busy_timeout = 5000;
            CREATE TABLE IF NOT EXISTS runs (
                id TEXT PRIMARY KEY,
                status TEXT NOT NULL,
                model TEXT NOT NULL,
                owner TEXT NOT NULL,
                request TEXT NOT NULL,
                host_request TEXT,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                last_sequence INTEGER NOT NULL DEFAULT 0,
                report TEXT,
                reference_list TEXT,
                input_tokens INTEGER NOT NULL DEFAULT 0,
                output_tokens INTEGER NOT NULL DEFAULT 0,
                cost TEXT NOT NULL DEFAULT '0',
                error TEXT);
            CREATE TABLE IF NOT EXISTS events (
                run_id TEXT NOT NULL,
                sequence INTEGER NOT NULL,
                type TEXT NOT NULL,
                json TEXT NOT NULL,
                PRIMARY KEY (run_id, sequence)) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS runs_by_status ON runs (status);
            """);
        _appender = Task.Run(WriteAppendsAsync);
    }

    /// <summary>The database file.</summary>
    public string Path { get; private init; } = "";

    /// <summary>The data directory's record that runs were stored (an empty store where runs existed is refused at open).</summary>
    public RunHistoryMarker History { get; private init; } = null!;

    /// <summary>How rows are read back; a damaged row is skipped and reported through its <see cref="StoredRows.Damaged"/> event.</summary>
    public StoredRows Rows { get; } = new();

    /// <summary>Opens (creating if needed) the store in <paramref name="directory"/>.</summary>
    /// <exception cref="IOException">The directory cannot be created or the file cannot be opened; the message names the path.</exception>
    /// <exception cref="InvalidDataException">The file is damaged (it fails <c>PRAGMA quick_check</c>); the message names it and the fix.</exception>
    public static RunStore Open(string directory, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var full = System.IO.Path.GetFullPath(directory);
        var path = System.IO.Path.Combine(full, FileName);
        try
        {
            Directory.CreateDirectory(full);
            var store = new RunStore(path, time ?? TimeProvider.System) { Path = path, History = new RunHistoryMarker(full) };
            try
            {
                store.History.Verify(store.HoldsRuns(), path);
            }
            catch
            {
                store.Dispose();
                throw;
            }

            return store;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase)
        {
            throw Damaged(path, ex.Message, ex);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or SqliteException)
        {
            throw new IOException($"Cannot open the run store in '{full}': {ex.Message} Choose a writable data directory.", ex);
        }
    }

    /// <summary>Records a new run with status <see cref="StoredRunStatus.Running"/>.</summary>
    /// <exception cref="InvalidOperationException">A run with this id exists already.</exception>
    public StoredRun Create(string id, ResearchRequest request, string model, string owner, string? hostRequest = null)
    {
        var now = Now();
        lock (_gate)
        {
            using var command = _writer.CreateCommand();
            command.CommandText = """
                INSERT INTO runs (id, status, model, owner, request, host_request, created_at, updated_at)
                VALUES ($id, 'running', $model, $owner, $request, $host, $now, $now)
                """;
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$model", model);
            command.Parameters.AddWithValue("$owner", owner);
            command.Parameters.AddWithValue("$request", JsonSerializer.Serialize(request, StorageJsonContext.Default.ResearchRequest));
            command.Parameters.AddWithValue("$host", (object?)hostRequest ?? DBNull.Value);
            command.Parameters.AddWithValue("$now", now);
            try
            {
                command.ExecuteNonQuery();
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == 19)
            {
                throw new InvalidOperationException($"A run with id '{id}' is stored already.", ex);
            }
        }

        History.Record();
        return Find(id)!;
    }

    private bool HoldsRuns()
    {
        using var command = _writer.CreateCommand();
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM runs)";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) == 1;
    }

    /// <summary>
    /// Appends one event and folds it into the run's row (usage, report, status). Events must arrive
    /// in sequence: the next one is always the last stored plus one. Appends from many runs are
    /// committed together, one transaction per batch, so that hundreds of runs can write at once;
    /// the task completes when the event is committed.
    /// </summary>
    /// <exception cref="InvalidOperationException">The run is unknown, or the event would leave a gap or repeat one.</exception>
    public Task AppendAsync(ResearchEvent e)
    {
        var pending = new PendingAppend(e, FathomJson.Serialize(e));
        ObjectDisposedException.ThrowIf(!_appends.Writer.TryWrite(pending), this);

        return pending.Done.Task;
    }

    /// <summary>Appends one event and waits until it is committed; see <see cref="AppendAsync"/>.</summary>
    public void Append(ResearchEvent e) => AppendAsync(e).GetAwaiter().GetResult();

    private sealed record PendingAppend(ResearchEvent Event, string Json)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private readonly System.Threading.Channels.Channel<PendingAppend> _appends =
        System.Threading.Channels.Channel.CreateUnbounded<PendingAppend>(new() { SingleReader = true });

    private readonly Task _appender;

    private async Task WriteAppendsAsync()
    {
        var batch = new List<PendingAppend>(256);
        while (await _appends.Reader.WaitToReadAsync())
        {
            while (batch.Count < 1024 && _appends.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            try
            {
                var failures = WriteBatch(batch);
                for (var i = 0; i < batch.Count; i++)
                {
                    if (failures?[i] is { } failure)
                    {
                        batch[i].Done.TrySetException(failure);
                    }
                    else
                    {
                        batch[i].Done.TrySetResult();
                    }
                }
            }
            catch (Exception ex)
            {
                foreach (var pending in batch)
                {
                    pending.Done.TrySetException(ex);
                }
            }

            batch.Clear();
        }
    }

    /// <summary>Writes a batch in one transaction; returns the events refused for being out of sequence (by index), or null.</summary>
    private Exception?[]? WriteBatch(List<PendingAppend> batch)
    {
        Exception?[]? failures = null;
        lock (_gate)
        {
            using var transaction = _writer.BeginTransaction();
            for (var i = 0; i < batch.Count; i++)
            {
                var (e, json) = (batch[i].Event, batch[i].Json);
                var advance = _advance ??= Prepare("UPDATE runs SET last_sequence = $seq, updated_at = $now WHERE id = $id AND last_sequence = $seq - 1", "$seq", "$now", "$id");
                advance.Transaction = transaction;
                advance.Parameters["$seq"].Value = e.Sequence;
                advance.Parameters["$now"].Value = Now();
                advance.Parameters["$id"].Value = e.RunId;
                if (advance.ExecuteNonQuery() != 1)
                {
                    (failures ??= new Exception?[batch.Count])[i] = new InvalidOperationException(
                        $"Event {e.Sequence} of run '{e.RunId}' does not follow the last stored event; events must be stored once each, in order.");
                    continue;
                }

                var insert = _insert ??= Prepare("INSERT INTO events (run_id, sequence, type, json) VALUES ($id, $seq, $type, $json)", "$id", "$seq", "$type", "$json");
                insert.Transaction = transaction;
                insert.Parameters["$id"].Value = e.RunId;
                insert.Parameters["$seq"].Value = e.Sequence;
                insert.Parameters["$type"].Value = FathomJson.TypeName(e);
                insert.Parameters["$json"].Value = json;
                insert.ExecuteNonQuery();

                if (FoldCommand(e) is { } fold)
                {
                    using var command = _writer.CreateCommand();
                    command.Transaction = transaction;
                    command.CommandText = fold.Sql;
                    command.Parameters.AddWithValue("$id", e.RunId);
                    foreach (var (name, value) in fold.Values)
                    {
                        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
                    }

                    command.ExecuteNonQuery();
                }
            }

            transaction.Commit();
        }

        return failures;
    }

    // The two statements every event runs, prepared once (under the write lock).
    private SqliteCommand? _advance;
    private SqliteCommand? _insert;

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _writer.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name, Value = DBNull.Value });
        }

        return command;
    }

    /// <summary>Sets a run's status (and why), for changes that no event records: resumed, interrupted.</summary>
    /// <returns>False when no such run is stored.</returns>
    public bool SetStatus(string id, StoredRunStatus status, string? error = null)
    {
        lock (_gate)
        {
            using var command = _writer.CreateCommand();
            command.CommandText = "UPDATE runs SET status = $status, error = $error, updated_at = $now WHERE id = $id";
            command.Parameters.AddWithValue("$status", StatusName(status));
            command.Parameters.AddWithValue("$error", (object?)error ?? DBNull.Value);
            command.Parameters.AddWithValue("$now", Now());
            command.Parameters.AddWithValue("$id", id);
            return command.ExecuteNonQuery() == 1;
        }
    }

    /// <summary>
    /// Moves every run stored under <paramref name="from"/> to <paramref name="to"/>: for hosts that
    /// change how they derive an owner, so that runs stored under the old form stay reachable.
    /// </summary>
    /// <returns>The number of runs moved.</returns>
    public int ReassignOwner(string from, string to)
    {
        lock (_gate)
        {
            using var command = _writer.CreateCommand();
            command.CommandText = "UPDATE runs SET owner = $to WHERE owner = $from";
            command.Parameters.AddWithValue("$from", from);
            command.Parameters.AddWithValue("$to", to);
            return command.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// Marks every run still recorded as running as interrupted: called when a host starts, since
    /// no run survives the process that ran it. <c>{id}</c> in <paramref name="reason"/> becomes each
    /// run's own id. Returns the ids it marked.
    /// </summary>
    public IReadOnlyList<string> MarkInterrupted(string reason)
    {
        lock (_gate)
        {
            using var command = _writer.CreateCommand();
            command.CommandText = "UPDATE runs SET status = 'interrupted', error = replace($error, '{id}', id), updated_at = $now WHERE status = 'running' RETURNING id";
            command.Parameters.AddWithValue("$error", reason);
            command.Parameters.AddWithValue("$now", Now());
            var ids = new List<string>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
            }

            return ids;
        }
    }

    /// <summary>The stored run, or null.</summary>
    public StoredRun? Find(string id)
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, status, model, owner, request, host_request, created_at, updated_at, last_sequence,
                   report, reference_list, input_tokens, output_tokens, cost, error
            FROM runs WHERE id = $id
            """;
        command.Parameters.AddWithValue("$id", id);
        using var r = command.ExecuteReader();
        if (!r.Read())
        {
            return null;
        }

        // A damaged row reads as no run (and is reported), never as a fault of the request that met it.
        return Rows.Run(new RunFields(
            r.GetString(0), Text(r, 1), Text(r, 2), Text(r, 3), Text(r, 4), r.IsDBNull(5) ? null : Text(r, 5), Text(r, 6), Text(r, 7),
            Number(r, 8), r.IsDBNull(9) ? null : Text(r, 9), r.IsDBNull(10) ? null : Text(r, 10), Number(r, 11), Number(r, 12), Text(r, 13),
            r.IsDBNull(14) ? null : Text(r, 14)));
    }

    // SQLite keeps any type in any column: a scribbled field reads as text the row reader refuses, not as a cast fault.
    private static string Text(SqliteDataReader r, int column) => r.IsDBNull(column) ? "" : Convert.ToString(r.GetValue(column), CultureInfo.InvariantCulture) ?? "";

    private static long Number(SqliteDataReader r, int column) => r.GetValue(column) is long n ? n : -1;

    /// <summary>The stored runs, newest first, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<StoredRun> List(int limit = 50)
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM runs ORDER BY created_at DESC, rowid DESC LIMIT $limit";
        command.Parameters.AddWithValue("$limit", limit);
        var ids = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
            }
        }

        return [.. ids.Select(Find).OfType<StoredRun>()];
    }

    /// <summary>Deletes a run and its events.</summary>
    /// <returns>False when no such run is stored.</returns>
    public bool Delete(string id)
    {
        lock (_gate)
        {
            using var transaction = _writer.BeginTransaction();
            using var events = _writer.CreateCommand();
            events.Transaction = transaction;
            events.CommandText = "DELETE FROM events WHERE run_id = $id";
            events.Parameters.AddWithValue("$id", id);
            events.ExecuteNonQuery();
            using var run = _writer.CreateCommand();
            run.Transaction = transaction;
            run.CommandText = "DELETE FROM runs WHERE id = $id";
            run.Parameters.AddWithValue("$id", id);
            var deleted = run.ExecuteNonQuery() == 1;
            transaction.Commit();
            if (deleted && !HoldsRuns())
            {
                History.Clear(); // emptied on purpose: an empty store is what it should be now
            }

            return deleted;
        }
    }

    /// <summary>The run's events after <paramref name="afterSequence"/>, in order.</summary>
    public IReadOnlyList<ResearchEvent> ReadEvents(string id, long afterSequence = 0)
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sequence, json FROM events WHERE run_id = $id AND sequence > $after ORDER BY sequence";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$after", afterSequence);
        var events = new List<ResearchEvent>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (Rows.Event(id, Number(reader, 0), Text(reader, 1)) is { } e)
            {
                events.Add(e);
            }
        }

        return events;
    }

    /// <summary>The runs <paramref name="owner"/> started, newest first, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<StoredRunSummary> ListByOwner(string owner, int limit = 100)
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, status, request, created_at, updated_at, last_sequence, report IS NOT NULL
            FROM runs WHERE owner = $owner ORDER BY created_at DESC, id LIMIT $limit
            """;
        command.Parameters.AddWithValue("$owner", owner);
        command.Parameters.AddWithValue("$limit", limit);
        var runs = new List<StoredRunSummary>();
        using var r = command.ExecuteReader();
        while (r.Read())
        {
            if (Rows.Summary(r.GetString(0), Text(r, 1), Text(r, 2), Text(r, 3), Text(r, 4), Number(r, 5), r.GetBoolean(6)) is { } summary)
            {
                runs.Add(summary);
            }
        }

        return runs;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _appends.Writer.TryComplete();
        _appender.GetAwaiter().GetResult();
        lock (_gate)
        {
            _advance?.Dispose();
            _insert?.Dispose();
            _writer.Dispose();
        }
    }

    private static (string Sql, (string, object?)[] Values)? FoldCommand(ResearchEvent e) => e switch
    {
        UsageUpdated u => (
            "UPDATE runs SET input_tokens = $in, output_tokens = $out, cost = $cost WHERE id = $id",
            [("$in", u.Usage.InputTokens), ("$out", u.Usage.OutputTokens), ("$cost", u.Usage.Cost.ToString(CultureInfo.InvariantCulture))]),
        ReportWritten w => (
            "UPDATE runs SET report = $report, reference_list = $refs WHERE id = $id",
            [("$report", w.Markdown), ("$refs", JsonSerializer.Serialize(w.References.ToList(), StorageJsonContext.Default.ListReference))]),
        RunStarted => ("UPDATE runs SET status = 'running', error = NULL WHERE id = $id", []),
        RunFinished f => (
            "UPDATE runs SET status = $status, error = $error WHERE id = $id",
            [("$status", StatusName(Stored(f.Status))), ("$error", f.Error)]),
        _ => null,
    };

    private static StoredRunStatus Stored(RunStatus status) => status switch
    {
        RunStatus.Completed => StoredRunStatus.Completed,
        RunStatus.NeedsClarification => StoredRunStatus.NeedsClarification,
        RunStatus.Cancelled => StoredRunStatus.Cancelled,
        _ => StoredRunStatus.Failed,
    };

    /// <summary>The status as stored and as the API shows it: snake_case.</summary>
    public static string StatusName(StoredRunStatus status) => status switch
    {
        StoredRunStatus.NeedsClarification => "needs_clarification",
        _ => status.ToString().ToLowerInvariant(),
    };

    private SqliteConnection OpenReader()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private string Now() => _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;

    /// <summary>
    /// Checks the file before anything is written to it, so that a damaged store is refused at start
    /// with the fix rather than failing some later read of a run.
    /// </summary>
    private static void CheckIntegrity(SqliteConnection connection, string path)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA quick_check(5)";
        var problems = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            problems.Add(reader.GetString(0));
        }

        if (problems is not ["ok"])
        {
            throw Damaged(path, string.Join("; ", problems), null);
        }
    }

    private static InvalidDataException Damaged(string path, string detail, Exception? inner) => new(
        $"The run store '{path}' is damaged ({detail}). Stop every server using it, then either recover what it holds " +
        $"with `sqlite3 '{path}' .recover | sqlite3 recovered.db` and put recovered.db in its place, " +
        $"or move the file (with its -wal and -shm files) aside and delete '{System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path) ?? "", RunHistoryMarker.FileName)}' to start with an empty store.",
        inner);

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
