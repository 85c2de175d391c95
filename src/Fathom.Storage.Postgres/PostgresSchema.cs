using Npgsql;

namespace Fathom.Storage.Postgres;

/// <summary>
/// The run store's tables, created when a store opens. Idempotent, and safe when several nodes
/// start at once: the statements run under a transaction-scoped advisory lock, since concurrent
/// <c>CREATE TABLE IF NOT EXISTS</c> can still collide in PostgreSQL's catalog. The tables are
/// prefixed so that they can share a database with a cluster's own tables.
/// </summary>
internal static class PostgresSchema
{
    // Any constant works; it only has to be the same for every node opening a store.
    private const long LockKey = 0x46617468_6F6D5253; // "FathomRS"

    private const string Ddl = """
        CREATE TABLE IF NOT EXISTS fathom_runs (
            id text PRIMARY KEY,
            created_order bigint GENERATED ALWAYS AS IDENTITY,
            status text NOT NULL,
            model text NOT NULL,
            owner text NOT NULL,
            request text NOT NULL,
            host_request text,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            last_sequence bigint NOT NULL DEFAULT 0,
            report text,
            reference_list text,
            input_tokens bigint NOT NULL DEFAULT 0,
            output_tokens bigint NOT NULL DEFAULT 0,
            cost numeric NOT NULL DEFAULT 0,
            error text,
            claimed_by text,
            claim_expires_at timestamptz);
        CREATE TABLE IF NOT EXISTS fathom_events (
            run_id text NOT NULL REFERENCES fathom_runs (id) ON DELETE CASCADE,
            sequence bigint NOT NULL,
            type text NOT NULL,
            json text NOT NULL,
            PRIMARY KEY (run_id, sequence));
        CREATE INDEX IF NOT EXISTS fathom_runs_by_status ON fathom_runs (status);
        CREATE INDEX IF NOT EXISTS fathom_runs_by_owner ON fathom_runs (owner, created_at DESC);
        """;

    public static void Create(NpgsqlDataSource source)
    {
        using var connection = source.OpenConnection();
        using var transaction = connection.BeginTransaction();
        using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", LockKey);
            lockCommand.ExecuteNonQuery();
        }

        using (var ddl = new NpgsqlCommand(Ddl, connection, transaction))
        {
            ddl.ExecuteNonQuery();
        }

        transaction.Commit();
    }
}
