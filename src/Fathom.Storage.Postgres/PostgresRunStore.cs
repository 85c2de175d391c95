using Fathom.Events;
using Fathom.Research;
using Npgsql;
using NpgsqlTypes;

namespace Fathom.Storage.Postgres;

/// <summary>
/// Keeps runs in a PostgreSQL database that many processes share (the nodes of a cluster): the same
/// contract, tables and projection as the SQLite store (see <see cref="IRunStore"/>). Each append is one
/// statement that moves the run on to the event's sequence only if it is the next, writes the event's
/// <see cref="RunProjectionChange"/>, and inserts the event: row locks make concurrent writers of one run
/// take turns, and the loser finds the sequence taken. A row whose stored text cannot be read is skipped
/// and reported through <see cref="Rows"/>, as in every store. Thread-safe; connections come from Npgsql's pool.
/// </summary>
public sealed class PostgresRunStore : IRunStore, IReportsDamagedRows
{
    private const string RunColumns = """
        id, status, model, owner, request, host_request, created_at, updated_at, last_sequence,
        report, reference_list, input_tokens, output_tokens, cost, error, claimed_by, claim_expires_at
        """;

    private readonly NpgsqlDataSource _source;
    private readonly TimeProvider _time;

    private PostgresRunStore(NpgsqlDataSource source, TimeProvider time, string description)
    {
        _source = source;
        _time = time;
        Description = description;
    }

    /// <summary>Where the store is, for people: host, port, database and user, never the password.</summary>
    public string Description { get; }

    /// <inheritdoc />
    public StoredRows Rows { get; } = new();

    /// <inheritdoc />
    public string RecoveryHint => "a backup of the database may restore it";

    /// <summary>Why <paramref name="connectionString"/> cannot name a store, or null when it can; checked before anything connects.</summary>
    public static string? Check(string connectionString) => TryParse(connectionString, out var problem) is null ? problem : null;

    /// <summary>Opens the store in the database <paramref name="connectionString"/> names, creating its tables if needed.</summary>
    /// <exception cref="ArgumentException">The connection string is malformed; the message says which part.</exception>
    /// <exception cref="IOException">The database cannot be reached or refused the login; the message names the server (without the password) and the fix.</exception>
    public static PostgresRunStore Open(string connectionString, TimeProvider? time = null)
    {
        var parsed = TryParse(connectionString, out var problem) ?? throw new ArgumentException(problem, nameof(connectionString));
        var description = Describe(parsed);
        var source = NpgsqlDataSource.Create(parsed);
        try
        {
            PostgresSchema.Create(source);
            return new PostgresRunStore(source, time ?? TimeProvider.System, description);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            source.Dispose();
            throw new IOException($"Cannot open the run store in PostgreSQL ({description}): {ex.Message} Check that the server runs and the connection string's host, database and credentials.", ex);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    private static NpgsqlConnectionStringBuilder? TryParse(string connectionString, out string? problem)
    {
        const string Form = "write it as Host=…;Database=…;Username=…;Password=…";
        problem = null;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            problem = $"The PostgreSQL connection string is empty; {Form}.";
            return null;
        }

        try
        {
            return new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException)
        {
            // Npgsql's message names the keyword, not the value (which may be a password).
            problem = $"The PostgreSQL connection string is malformed ({ex.Message}); {Form}.";
            return null;
        }
    }

    /// <inheritdoc />
    public StoredRun Create(string id, ResearchRequest request, string model, string owner, string? hostRequest = null)
    {
        var now = _time.GetUtcNow();
        using var command = _source.CreateCommand("""
            INSERT INTO fathom_runs (id, status, model, owner, request, host_request, created_at, updated_at)
            VALUES (@id, 'running', @model, @owner, @request, @host, @now, @now)
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("model", model);
        command.Parameters.AddWithValue("owner", owner);
        command.Parameters.AddWithValue("request", StoredRunJson.Serialize(request));
        command.Parameters.Add(Text("host", hostRequest));
        command.Parameters.AddWithValue("now", now);
        try
        {
            command.ExecuteNonQuery();
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new InvalidOperationException($"A run with id '{id}' is stored already.", ex);
        }

        return Find(id)!;
    }

    /// <inheritdoc />
    public async Task<AppendResult> TryAppendAsync(ResearchEvent e, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(e);
        var json = FathomJson.Serialize(e);
        var change = RunProjectionChange.Of(e);
        await using var connection = await _source.OpenConnectionAsync(cancellationToken);
        await using (var append = new NpgsqlCommand(AppendSql, connection))
        {
            append.Parameters.AddWithValue("id", e.RunId);
            append.Parameters.AddWithValue("seq", e.Sequence);
            append.Parameters.AddWithValue("now", _time.GetUtcNow());
            append.Parameters.Add(Text("status", change?.Status is { } status ? StoredRunStatusNames.Name(status) : null));
            append.Parameters.Add(Text("error", change?.Error));
            append.Parameters.Add(Text("report", change?.Report));
            append.Parameters.Add(Text("refs", change?.Report is null ? null : StoredRunJson.Serialize(change.References)));
            append.Parameters.Add(new NpgsqlParameter("in", NpgsqlDbType.Bigint) { Value = (object?)change?.Usage?.InputTokens ?? DBNull.Value });
            append.Parameters.Add(new NpgsqlParameter("out", NpgsqlDbType.Bigint) { Value = (object?)change?.Usage?.OutputTokens ?? DBNull.Value });
            append.Parameters.Add(new NpgsqlParameter("cost", NpgsqlDbType.Numeric) { Value = (object?)change?.Usage?.Cost ?? DBNull.Value });
            append.Parameters.AddWithValue("type", FathomJson.TypeName(e));
            append.Parameters.AddWithValue("json", json);
            try
            {
                if (await append.ExecuteNonQueryAsync(cancellationToken) == 1)
                {
                    return new AppendResult(AppendOutcome.Appended, e.Sequence);
                }
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                // The event row exists although the run had not moved on (a run deleted and created again
                // while an append was in flight): refused like any taken sequence, below.
            }
        }

        await using var refused = new NpgsqlCommand(
            "SELECT last_sequence, (SELECT json FROM fathom_events WHERE run_id = @id AND sequence = @seq) FROM fathom_runs WHERE id = @id",
            connection);
        refused.Parameters.AddWithValue("id", e.RunId);
        refused.Parameters.AddWithValue("seq", e.Sequence);
        await using var reader = await refused.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return new AppendResult(AppendOutcome.UnknownRun, 0);
        }

        var same = !reader.IsDBNull(1) && reader.GetString(1) == json;
        return new AppendResult(same ? AppendOutcome.AlreadyStored : AppendOutcome.Conflict, reader.GetInt64(0));
    }

    // One statement: the run moves on only from the previous sequence, and the event is inserted only if it did.
    private const string AppendSql = """
        WITH moved AS (
            UPDATE fathom_runs SET last_sequence = @seq, updated_at = @now,
                status = coalesce(@status, status),
                error = CASE WHEN @status IS NULL THEN error ELSE @error END,
                report = coalesce(@report, report),
                reference_list = CASE WHEN @report IS NULL THEN reference_list ELSE @refs END,
                input_tokens = coalesce(@in, input_tokens),
                output_tokens = coalesce(@out, output_tokens),
                cost = coalesce(@cost, cost)
            WHERE id = @id AND last_sequence = @seq - 1
            RETURNING id)
        INSERT INTO fathom_events (run_id, sequence, type, json) SELECT id, @seq, @type, @json FROM moved
        """;

    /// <inheritdoc />
    public async Task AppendAsync(ResearchEvent e, CancellationToken cancellationToken = default)
    {
        var result = await TryAppendAsync(e, cancellationToken);
        if (result.ToException(e) is { } refused)
        {
            throw refused;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<ResearchEvent> ReadEvents(string id, long afterSequence = 0)
    {
        using var command = _source.CreateCommand("SELECT sequence, json FROM fathom_events WHERE run_id = @id AND sequence > @after ORDER BY sequence");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("after", afterSequence);
        var events = new List<ResearchEvent>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            // A damaged event is skipped (and reported): the stream plays on without it.
            if (Rows.Event(id, reader.GetInt64(0), reader.GetString(1)) is { } e)
            {
                events.Add(e);
            }
        }

        return events;
    }

    /// <inheritdoc />
    public StoredRun? Find(string id)
    {
        using var command = _source.CreateCommand($"SELECT {RunColumns} FROM fathom_runs WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        return ReadRuns(command).SingleOrDefault();
    }

    /// <inheritdoc />
    public IReadOnlyList<StoredRun> List(int limit = 50)
    {
        using var command = _source.CreateCommand($"SELECT {RunColumns} FROM fathom_runs ORDER BY created_at DESC, created_order DESC LIMIT @limit");
        command.Parameters.AddWithValue("limit", limit);
        return ReadRuns(command);
    }

    /// <inheritdoc />
    public IReadOnlyList<StoredRunSummary> ListByOwner(string owner, int limit = 100)
    {
        using var command = _source.CreateCommand("""
            SELECT id, status, request, created_at, updated_at, last_sequence, report IS NOT NULL
            FROM fathom_runs WHERE owner = @owner ORDER BY created_at DESC, id LIMIT @limit
            """);
        command.Parameters.AddWithValue("owner", owner);
        command.Parameters.AddWithValue("limit", limit);
        var runs = new List<StoredRunSummary>();
        using var r = command.ExecuteReader();
        while (r.Read())
        {
            var id = r.GetString(0);
            if (Rows.Read(id, () => new StoredRunSummary(
                id,
                StoredRunStatusNames.Parse(r.GetString(1)),
                StoredRunJson.DeserializeRequest(r.GetString(2), id).Question,
                r.GetFieldValue<DateTimeOffset>(3),
                r.GetFieldValue<DateTimeOffset>(4),
                r.GetInt64(5),
                r.GetBoolean(6))) is { } summary)
            {
                runs.Add(summary);
            }
        }

        return runs;
    }

    /// <inheritdoc />
    public bool SetStatus(string id, StoredRunStatus status, string? error = null)
    {
        using var command = _source.CreateCommand("UPDATE fathom_runs SET status = @status, error = @error, updated_at = @now WHERE id = @id");
        command.Parameters.AddWithValue("status", StoredRunStatusNames.Name(status));
        command.Parameters.Add(Text("error", error));
        command.Parameters.AddWithValue("now", _time.GetUtcNow());
        command.Parameters.AddWithValue("id", id);
        return command.ExecuteNonQuery() == 1;
    }

    /// <inheritdoc />
    public int ReassignOwner(string from, string to)
    {
        using var command = _source.CreateCommand("UPDATE fathom_runs SET owner = @to WHERE owner = @from");
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", to);
        return command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public IReadOnlyList<string> MarkInterrupted(string reason, string? node = null)
    {
        using var command = _source.CreateCommand("""
            UPDATE fathom_runs SET status = 'interrupted', error = replace(@error, '{id}', id), updated_at = @now,
                claimed_by = NULL, claim_expires_at = NULL
            WHERE status = 'running' AND (claimed_by IS NULL OR claimed_by = @node OR claim_expires_at <= @now)
            RETURNING id
            """);
        command.Parameters.AddWithValue("error", reason);
        command.Parameters.AddWithValue("now", _time.GetUtcNow());
        command.Parameters.Add(Text("node", node));
        return ReadIds(command);
    }

    /// <inheritdoc />
    public bool Delete(string id)
    {
        // The events go with the run (ON DELETE CASCADE), in the same statement.
        using var command = _source.CreateCommand("DELETE FROM fathom_runs WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        return command.ExecuteNonQuery() == 1;
    }

    /// <inheritdoc />
    public bool TryClaim(string id, string node, TimeSpan lease)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(node);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        var now = _time.GetUtcNow();
        using var command = _source.CreateCommand("""
            UPDATE fathom_runs SET claimed_by = @node, claim_expires_at = @until
            WHERE id = @id AND (claimed_by IS NULL OR claimed_by = @node OR claim_expires_at <= @now)
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("node", node);
        command.Parameters.AddWithValue("until", now + lease);
        command.Parameters.AddWithValue("now", now);
        return command.ExecuteNonQuery() == 1;
    }

    /// <inheritdoc />
    public bool Release(string id, string node)
    {
        using var command = _source.CreateCommand("UPDATE fathom_runs SET claimed_by = NULL, claim_expires_at = NULL WHERE id = @id AND claimed_by = @node");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("node", node);
        return command.ExecuteNonQuery() == 1;
    }

    /// <inheritdoc />
    public IReadOnlyList<string> ListOrphaned(int limit = 100)
    {
        using var command = _source.CreateCommand("""
            SELECT id FROM fathom_runs WHERE status = 'running' AND (claimed_by IS NULL OR claim_expires_at <= @now)
            ORDER BY created_at, created_order LIMIT @limit
            """);
        command.Parameters.AddWithValue("now", _time.GetUtcNow());
        command.Parameters.AddWithValue("limit", limit);
        return ReadIds(command);
    }

    /// <inheritdoc />
    public void Dispose() => _source.Dispose();

    /// <summary>The runs <paramref name="command"/> selects; a damaged row reads as no run (and is reported), never as a fault of the request that met it.</summary>
    private List<StoredRun> ReadRuns(NpgsqlCommand command)
    {
        var runs = new List<StoredRun>();
        using var r = command.ExecuteReader();
        while (r.Read())
        {
            var id = r.GetString(0);
            if (Rows.Read(id, () => new StoredRun
            {
                Id = id,
                Status = StoredRunStatusNames.Parse(r.GetString(1)),
                Model = r.GetString(2),
                Owner = r.GetString(3),
                Request = StoredRunJson.DeserializeRequest(r.GetString(4), id),
                HostRequest = r.IsDBNull(5) ? null : r.GetString(5),
                CreatedAt = r.GetFieldValue<DateTimeOffset>(6),
                UpdatedAt = r.GetFieldValue<DateTimeOffset>(7),
                LastSequence = r.GetInt64(8),
                Report = r.IsDBNull(9) ? null : r.GetString(9),
                References = r.IsDBNull(10) ? [] : StoredRunJson.DeserializeReferences(r.GetString(10)),
                Usage = new TokenUsage(r.GetInt64(11), r.GetInt64(12), r.GetDecimal(13)),
                Error = r.IsDBNull(14) ? null : r.GetString(14),
                ClaimedBy = r.IsDBNull(15) ? null : r.GetString(15),
                ClaimExpiresAt = r.IsDBNull(16) ? null : r.GetFieldValue<DateTimeOffset>(16),
            }) is { } run)
            {
                runs.Add(run);
            }
        }

        return runs;
    }

    private static List<string> ReadIds(NpgsqlCommand command)
    {
        var ids = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>A text parameter that may be null (a typed null: PostgreSQL cannot infer the type of a bare one).</summary>
    private static NpgsqlParameter Text(string name, string? value) => new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };

    private static string Describe(NpgsqlConnectionStringBuilder parsed) =>
        $"host {parsed.Host ?? "localhost"}, port {parsed.Port}, database {parsed.Database ?? parsed.Username ?? "(default)"}, user {parsed.Username ?? "(default)"}";
}
