using System.Reflection;
using Npgsql;

namespace Fathom.Cluster;

/// <summary>
/// Creates the tables Orleans' ADO.NET clustering and reminders use, once: each script runs only when
/// its table is missing, under an advisory lock, so that nodes starting together create them once.
/// </summary>
public static class ClusterSchema
{
    /// <summary>An arbitrary constant: the advisory lock every Fathom node takes while it creates its cluster tables.</summary>
    internal const long LockKey = 0x46_61_74_68_6F_6D_4F_72;

    private static readonly (string Script, string Table)[] Scripts =
    [
        ("1-Main.sql", "orleansquery"),
        ("2-Clustering.sql", "orleansmembershiptable"),
        ("3-Reminders.sql", "orleansreminderstable"),
    ];

    /// <summary>Creates what is missing; returns the scripts it ran.</summary>
    /// <exception cref="InvalidOperationException">The database cannot be reached or refuses the schema; the message says which and how to fix it.</exception>
    public static async Task<IReadOnlyList<string>> EnsureAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var ran = new List<string>();
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
            {
                lockCommand.Parameters.AddWithValue("key", LockKey);
                await lockCommand.ExecuteNonQueryAsync(cancellationToken);
            }

            foreach (var (script, table) in Scripts)
            {
                await using var exists = new NpgsqlCommand("SELECT to_regclass(@table) IS NOT NULL", connection, transaction);
                exists.Parameters.AddWithValue("table", table);
                if ((bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
                {
                    continue;
                }

                await using var create = new NpgsqlCommand(Read(script), connection, transaction);
                await create.ExecuteNonQueryAsync(cancellationToken);
                ran.Add(script);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception ex) when (IsRefusal(ex))
        {
            throw Refused("create the cluster's tables", ex);
        }

        return ran;
    }

    /// <summary>Whether <paramref name="ex"/> says the cluster's database cannot be reached or refused a statement (rather than a fault of the node).</summary>
    internal static bool IsRefusal(Exception ex) => ex is NpgsqlException or System.Net.Sockets.SocketException or ArgumentException;

    /// <summary>The error a node stops with where the cluster's database cannot be reached or refuses what it must <paramref name="do"/>.</summary>
    internal static InvalidOperationException Refused(string @do, Exception ex) =>
        new($"Cannot {@do} in PostgreSQL ({ex.Message}). Check --cluster: it takes a connection string such as " +
            "\"Host=db;Database=fathom;Username=fathom;Password=…\" for a database that user may create tables in.", ex);

    private static string Read(string script)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Fathom.Cluster.Schema." + script)
            ?? throw new InvalidOperationException($"The schema script {script} is not embedded in Fathom.Cluster.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
