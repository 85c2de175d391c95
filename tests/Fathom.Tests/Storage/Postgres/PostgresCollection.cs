using Fathom.Testing;

namespace Fathom.Tests.Storage.Postgres;

/// <summary>The test classes that share one PostgreSQL server (each test still gets a database of its own).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}
