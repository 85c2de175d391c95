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

    public static byte[] LoadOrCreate(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand("""
            CREATE TABLE IF NOT EXISTS fathom_cluster_secret (name text PRIMARY KEY, value bytea NOT NULL);
            INSERT INTO fathom_cluster_secret (name, value) VALUES ('owner', @secret) ON CONFLICT (name) DO NOTHING;
            SELECT value FROM fathom_cluster_secret WHERE name = 'owner';
            """, connection);
        command.Parameters.AddWithValue("secret", RandomNumberGenerator.GetBytes(32));
        return (byte[])command.ExecuteScalar()!;
    }
}
