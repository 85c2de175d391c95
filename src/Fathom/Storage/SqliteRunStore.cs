using System.Globalization;
using System.Text.Json;
using Fathom.Events;
using Fathom.Research;
using Fathom.Sources;
using Microsoft.Data.Sqlite;

namespace Fathom.Storage;

/// <summary>
/// Keeps runs in one SQLite file, for one process: the request, every event as it happens, and the
/// run's projection as it changes (see <see cref="IRunStore"/>). Thread-safe; writes go through one
/// connection in order, reads use their own.
/// </summary>
public sealed class SqliteRunStore : IRunStore, IReportsDamagedRows
{
    /// <summary>The database file's name inside the data directory.</summary>
    public const string FileName = "fathom.db";

    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;

    private SqliteRunStore(string path, TimeProvider time)
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
        AddClaimColumns(_writer);
        _appender = Task.Run(WriteAppendsAsync);
    }

    /// <summary>The database file.</summary>
    public string Path { get; private init; } = "";

    /// <summary>How rows are read back: a damaged row is skipped and reported through <see cref="StoredRows.Damaged"/>.</summary>
    public StoredRows Rows { get; } = new();

    /// <inheritdoc />
    public string Description => Path;

    /// <inheritdoc />
    public string RecoveryHint => $"`sqlite3 {Path} .recover` may restore it";

    /// <summary>Opens (creating if needed) the store in <paramref name="directory"/>.</summary>
    /// <exception cref="IOException">The directory cannot be created or the file cannot be opened; the message names the path.</exception>
    /// <exception cref="InvalidDataException">The file is damaged (it fails <c>PRAGMA quick_check</c>); the message names it and the fix.</exception>
    public static SqliteRunStore Open(string directory, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var full = System.IO.Path.GetFullPath(directory);
        var path = System.IO.Path.Combine(full, FileName);
        try
        {
            Directory.CreateDirectory(full);
            return new SqliteRunStore(path, time ?? TimeProvider.System) { Path = path };
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

    /// <inheritdoc />
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
            command.Parameters.AddWithValue("$request", StoredRunJson.Serialize(request));
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

        return Find(id)!;
    }

    /// <inheritdoc />
    /// <remarks>Appends from many runs are committed together, one transaction per batch, so that hundreds of runs can write at once.</remarks>
    public Task<AppendResult> TryAppendAsync(ResearchEvent e, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(e);
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PendingAppend(e, FathomJson.Serialize(e));
        ObjectDisposedException.ThrowIf(!_appends.Writer.TryWrite(pending), this);

        return pending.Done.Task;
    }

    /// <inheritdoc />
    public async Task AppendAsync(ResearchEvent e, CancellationToken cancellationToken = default)
    {
        var result = await TryAppendAsync(e, cancellationToken);
        if (result.ToException(e) is { } refused)
        {
            throw refused;
        }
    }

    private sealed record PendingAppend(ResearchEvent Event, string Json)
    {
        public TaskCompletionSource<AppendResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
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
                var results = WriteBatch(batch);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.TrySetResult(results[i]);
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

    /// <summary>Writes a batch in one transaction; returns what became of each event, by index.</summary>
    private AppendResult[] WriteBatch(List<PendingAppend> batch)
    {
        var results = new AppendResult[batch.Count];
        lock (_gate)
        {
            using var transaction = _writer.BeginTransaction();
            for (var i = 0; i < batch.Count; i++)
            {
                results[i] = WriteOne(batch[i].Event, batch[i].Json, transaction);
            }

            transaction.Commit();
        }

        return results;
    }

    /// <summary>
    /// Moves the run on to the event's sequence and writes the event's projection change in one
    /// statement (only when the event is the next), then stores the event.
    /// </summary>
    private AppendResult WriteOne(ResearchEvent e, string json, SqliteTransaction transaction)
    {
        var change = RunProjectionChange.Of(e);
        var advance = _advance ??= Prepare("""
            UPDATE runs SET last_sequence = $seq, updated_at = $now,
                status = coalesce($status, status),
                error = CASE WHEN $status IS NULL THEN error ELSE $error END,
                report = coalesce($report, report),
                reference_list = CASE WHEN $report IS NULL THEN reference_list ELSE $refs END,
                input_tokens = coalesce($in, input_tokens),
                output_tokens = coalesce($out, output_tokens),
                cost = coalesce($cost, cost)
            WHERE id = $id AND last_sequence = $seq - 1
            """, "$seq", "$now", "$status", "$error", "$report", "$refs", "$in", "$out", "$cost", "$id");
        advance.Transaction = transaction;
        advance.Parameters["$seq"].Value = e.Sequence;
        advance.Parameters["$now"].Value = Now();
        advance.Parameters["$status"].Value = change?.Status is { } status ? StoredRunStatusNames.Name(status) : DBNull.Value;
        advance.Parameters["$error"].Value = (object?)change?.Error ?? DBNull.Value;
        advance.Parameters["$report"].Value = (object?)change?.Report ?? DBNull.Value;
        advance.Parameters["$refs"].Value = change?.Report is null ? DBNull.Value : StoredRunJson.Serialize(change.References);
        advance.Parameters["$in"].Value = (object?)change?.Usage?.InputTokens ?? DBNull.Value;
        advance.Parameters["$out"].Value = (object?)change?.Usage?.OutputTokens ?? DBNull.Value;
        advance.Parameters["$cost"].Value = (object?)change?.Usage?.Cost.ToString(CultureInfo.InvariantCulture) ?? DBNull.Value;
        advance.Parameters["$id"].Value = e.RunId;
        if (advance.ExecuteNonQuery() != 1)
        {
            return Refused(e, json, transaction);
        }

        var insert = _insert ??= Prepare("INSERT INTO events (run_id, sequence, type, json) VALUES ($id, $seq, $type, $json)", "$id", "$seq", "$type", "$json");
        insert.Transaction = transaction;
        insert.Parameters["$id"].Value = e.RunId;
        insert.Parameters["$seq"].Value = e.Sequence;
        insert.Parameters["$type"].Value = FathomJson.TypeName(e);
        insert.Parameters["$json"].Value = json;
        insert.ExecuteNonQuery();
        return new AppendResult(AppendOutcome.Appended, e.Sequence);
    }

    /// <summary>Why an event that is not the run's next was refused: the same event again, another in its place, or no run.</summary>
    private AppendResult Refused(ResearchEvent e, string json, SqliteTransaction transaction)
    {
        using var command = _writer.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT last_sequence, (SELECT json FROM events WHERE run_id = $id AND sequence = $seq) FROM runs WHERE id = $id";
        command.Parameters.AddWithValue("$id", e.RunId);
        command.Parameters.AddWithValue("$seq", e.Sequence);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return new AppendResult(AppendOutcome.UnknownRun, 0);
        }

        var last = reader.GetInt64(0);
        var same = !reader.IsDBNull(1) && reader.GetString(1) == json;
        return new AppendResult(same ? AppendOutcome.AlreadyStored : AppendOutcome.Conflict, last);
    }

    // The statements every event runs, prepared once (under the write lock).
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

    /// <inheritdoc />
    public bool SetStatus(string id, StoredRunStatus status, string? error = null)
    {
        lock (_gate)
        {
            using var command = _writer.CreateCommand();
            command.CommandText = "UPDATE runs SET status = $status, error = $error, updated_at = $now WHERE id = $id";
            command.Parameters.AddWithValue("$status", StoredRunStatusNames.Name(status));
            command.Parameters.AddWithValue("$error", (object?)error ?? DBNull.Value);
            command.Parameters.AddWithValue("$now", Now());
            command.Parameters.AddWithValue("$id", id);
            return command.ExecuteNonQuery() == 1;
        }
    }

    /// <inheritdoc />
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

    /// <inheritdoc />
    public IReadOnlyList<string> MarkInterrupted(string reason, string? node = null)
    {
        var now = Now();
        lock (_gate)
        {
            using var command = _writer.CreateCommand();
            command.CommandText = """
                UPDATE runs SET status = 'interrupted', error = replace($error, '{id}', id), updated_at = $now,
                    claimed_by = NULL, claim_expires_at = NULL
                WHERE status = 'running' AND (claimed_by IS NULL OR claimed_by = $node OR claim_expires_at <= $now)
                RETURNING id
                """;
            command.Parameters.AddWithValue("$error", reason);
            command.Parameters.AddWithValue("$now", now);
            command.Parameters.AddWithValue("$node", (object?)node ?? DBNull.Value);
            var ids = new List<string>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
            }

            return ids;
        }
    }

    /// <inheritdoc />
    public bool TryClaim(string id, string node, TimeSpan lease)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(node);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            using var command = _writer.CreateCommand();
            command.CommandText = """
                UPDATE runs SET claimed_by = $node, claim_expires_at = $until
                WHERE id = $id AND (claimed_by IS NULL OR claimed_by = $node OR claim_expires_at <= $now)
                """;
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$node", node);
            command.Parameters.AddWithValue("$until", Stamp(now + lease));
            command.Parameters.AddWithValue("$now", Stamp(now));
            return command.ExecuteNonQuery() == 1;
        }
    }

    /// <inheritdoc />
    public bool Release(string id, string node)
    {
        lock (_gate)
        {
            using var command = _writer.CreateCommand();
            command.CommandText = "UPDATE runs SET claimed_by = NULL, claim_expires_at = NULL WHERE id = $id AND claimed_by = $node";
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$node", node);
            return command.ExecuteNonQuery() == 1;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<string> ListOrphaned(int limit = 100)
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id FROM runs WHERE status = 'running' AND (claimed_by IS NULL OR claim_expires_at <= $now)
            ORDER BY created_at, rowid LIMIT $limit
            """;
        command.Parameters.AddWithValue("$now", Now());
        command.Parameters.AddWithValue("$limit", limit);
        var ids = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <inheritdoc />
    public StoredRun? Find(string id)
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, status, model, owner, request, host_request, created_at, updated_at, last_sequence,
                   report, reference_list, input_tokens, output_tokens, cost, error, claimed_by, claim_expires_at
            FROM runs WHERE id = $id
            """;
        command.Parameters.AddWithValue("$id", id);
        using var r = command.ExecuteReader();
        if (!r.Read())
        {
            return null;
        }

        // A damaged row reads as no run (and is reported), never as a fault of the request that met it.
        return Rows.Read(id, () => new StoredRun
        {
            Id = r.GetString(0),
            Status = StoredRunStatusNames.Parse(r.GetString(1)),
            Model = r.GetString(2),
            Owner = r.GetString(3),
            Request = StoredRunJson.DeserializeRequest(r.GetString(4), id),
            HostRequest = r.IsDBNull(5) ? null : r.GetString(5),
            CreatedAt = DateTimeOffset.Parse(r.GetString(6), CultureInfo.InvariantCulture),
            UpdatedAt = DateTimeOffset.Parse(r.GetString(7), CultureInfo.InvariantCulture),
            LastSequence = r.GetInt64(8),
            Report = r.IsDBNull(9) ? null : r.GetString(9),
            References = r.IsDBNull(10) ? [] : StoredRunJson.DeserializeReferences(r.GetString(10)),
            Usage = new TokenUsage(r.GetInt64(11), r.GetInt64(12), decimal.Parse(r.GetString(13), CultureInfo.InvariantCulture)),
            Error = r.IsDBNull(14) ? null : r.GetString(14),
            ClaimedBy = r.IsDBNull(15) ? null : r.GetString(15),
            ClaimExpiresAt = r.IsDBNull(16) ? null : DateTimeOffset.Parse(r.GetString(16), CultureInfo.InvariantCulture),
        });
    }

    /// <inheritdoc />
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

    /// <inheritdoc />
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
            return deleted;
        }
    }

    /// <inheritdoc />
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
            if (Rows.Event(id, reader.GetInt64(0), reader.IsDBNull(1) ? "" : Convert.ToString(reader.GetValue(1), CultureInfo.InvariantCulture) ?? "") is { } e)
            {
                events.Add(e);
            }
        }

        return events;
    }

    /// <inheritdoc />
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
            var id = r.GetString(0);
            if (Rows.Read(id, () => new StoredRunSummary(
                id,
                StoredRunStatusNames.Parse(r.GetString(1)),
                JsonSerializer.Deserialize(r.GetString(2), StorageJsonContext.Default.ResearchRequest)?.Question ?? "",
                DateTimeOffset.Parse(r.GetString(3), CultureInfo.InvariantCulture),
                DateTimeOffset.Parse(r.GetString(4), CultureInfo.InvariantCulture),
                r.GetInt64(5),
                r.GetBoolean(6))) is { } summary)
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

    private SqliteConnection OpenReader()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private string Now() => Stamp(_time.GetUtcNow());

    // Round-trip UTC text sorts as the instants do, so claims compare by plain string order.
    private static string Stamp(DateTimeOffset instant) => instant.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static readonly string[] ClaimColumns = ["claimed_by", "claim_expires_at"];

    /// <summary>Adds the claim columns to a store made before claims existed (and to a new one).</summary>
    private static void AddClaimColumns(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM pragma_table_info('runs')";
        var columns = new HashSet<string>(StringComparer.Ordinal);
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                columns.Add(reader.GetString(0));
            }
        }

        foreach (var column in ClaimColumns.Where(c => !columns.Contains(c)))
        {
            Execute(connection, $"ALTER TABLE runs ADD COLUMN {column} TEXT");
        }
    }

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
