using Fathom.Storage;
using Fathom.Storage.Postgres;
using Fathom.Testing;

namespace Fathom.Tests.Storage.Postgres;

/// <summary>The run store contract on a real PostgreSQL database.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresRunStoreContractTests(PostgresServer server) : RunStoreContract
{
    private string? _database;
    private PostgresRunStore? _store;

    protected override IRunStore OpenStore(TimeProvider time) =>
        _store ??= PostgresRunStore.Open(_database ??= server.CreateDatabase(), time);

    public override void Dispose()
    {
        base.Dispose();
        if (_database is not null)
        {
            server.DropDatabase(_database);
        }
    }
}
