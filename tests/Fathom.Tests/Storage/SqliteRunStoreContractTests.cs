using Fathom.Storage;
using Fathom.Tests.Support;

namespace Fathom.Tests.Storage;

/// <summary>The run store contract on a real SQLite file.</summary>
public sealed class SqliteRunStoreContractTests : RunStoreContract
{
    private readonly TempDirectory _temp = new();
    private SqliteRunStore? _store;

    protected override IRunStore OpenStore(TimeProvider time) => _store ??= SqliteRunStore.Open(_temp.Path, time);

    public override void Dispose()
    {
        base.Dispose();
        _temp.Dispose();
    }
}
