namespace Fathom.Cluster.Tests.Support;

/// <summary>The cluster tests share one PostgreSQL server (each test has its own database) and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<TestPostgres>
{
    public const string Name = "postgres";
}
