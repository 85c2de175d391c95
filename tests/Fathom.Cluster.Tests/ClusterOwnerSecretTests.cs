using Fathom.Cluster.Tests.Support;
using Npgsql;

namespace Fathom.Cluster.Tests;

/// <summary>Nodes starting together on a fresh database share one owner secret.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterOwnerSecretTests(TestPostgres postgres)
{
    [Fact]
    public async Task NodesStartingTogether_MakeOneSecretAndAllReadIt()
    {
        for (var round = 0; round < 5; round++)
        {
            // Unpooled, so that no round leaves its eight connections open on a server other test projects share.
            var database = new NpgsqlConnectionStringBuilder(await postgres.NewDatabaseAsync()) { Pooling = false }.ConnectionString;
            using var ready = new Barrier(8);

            // Eight nodes at once on an empty database: each creates the table if it is missing, then reads the secret.
            var secrets = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            {
                ready.SignalAndWait();
                return ClusterOwnerSecret.LoadOrCreate(database);
            })));

            Assert.All(secrets, s => Assert.Equal(secrets[0], s));
            Assert.Equal(32, secrets[0].Length);
        }
    }
}
