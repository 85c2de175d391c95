using System.Security.Cryptography;
using Fathom.Server;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fathom.Cluster;

/// <summary>
/// One owner secret for every node, kept in the shared database (made by the first node to start),
/// so that an API key owns the same runs whichever node it calls. The database then holds both the
/// runs and the secret: guard it as a single server's data directory is guarded.
/// </summary>
internal sealed class ClusterOwnerSecret(string connectionString) : IPostConfigureOptions<FathomServerOptions>
{
    public void PostConfigure(string? name, FathomServerOptions options) => options.OwnerSecret ??= LoadOrCreate(connectionString);

    /// <summary>The cluster's owner secret, made by the first node to ask.</summary>
    /// <remarks>
    /// Under the advisory lock the schema takes (<see cref="ClusterSchema.LockKey"/>): nodes starting
    /// together on a fresh database otherwise race to create the table, and PostgreSQL's catalog lets
    /// one of two concurrent <c>CREATE TABLE IF NOT EXISTS</c> fail.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The database cannot be reached or refuses the table; the message says how to fix it.</exception>
    public static byte[] LoadOrCreate(string connectionString)
    {
        try
        {
            using var connection = new NpgsqlConnection(connectionString);
            connection.Open();
            using var transaction = connection.BeginTransaction();
            using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
            {
                lockCommand.Parameters.AddWithValue("key", ClusterSchema.LockKey);
                lockCommand.ExecuteNonQuery();
            }

            using var command = new NpgsqlCommand("""
                CREATE TABLE IF NOT EXISTS fathom_cluster_secret (name text PRIMARY KEY, value bytea NOT NULL);
                INSERT INTO fathom_cluster_secret (name, value) VALUES ('owner', @secret) ON CONFLICT (name) DO NOTHING;
                SELECT value FROM fathom_cluster_secret WHERE name = 'owner';
                """, connection, transaction);
            command.Parameters.AddWithValue("secret", RandomNumberGenerator.GetBytes(32));
            var secret = (byte[])command.ExecuteScalar()!;
            transaction.Commit();
            return secret;
        }
        catch (Exception ex) when (ClusterSchema.IsRefusal(ex))
        {
            throw ClusterSchema.Refused("read or create the cluster's owner secret", ex);
        }
    }
}
