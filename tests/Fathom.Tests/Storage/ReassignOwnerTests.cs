using Fathom.Research;
using Fathom.Storage;
using Fathom.Tests.Support;

namespace Fathom.Tests.Storage;

public sealed class ReassignOwnerTests
{
    [Fact]
    public void ReassignOwner_MovesOnlyThatOwnersRuns()
    {
        using var temp = new TempDirectory();
        using var store = SqliteRunStore.Open(temp.Path);
        store.Create("run-a", new ResearchRequest { Question = "q" }, "extractive", "key:old");
        store.Create("run-b", new ResearchRequest { Question = "q" }, "extractive", "key:old");
        store.Create("run-c", new ResearchRequest { Question = "q" }, "extractive", "key:other");

        Assert.Equal(2, store.ReassignOwner("key:old", "key:new"));

        Assert.Equal(["run-a", "run-b"], store.ListByOwner("key:new").Select(r => r.Id).Order(StringComparer.Ordinal));
        Assert.Empty(store.ListByOwner("key:old"));
        Assert.Equal("key:other", store.Find("run-c")!.Owner);
        Assert.Equal(0, store.ReassignOwner("key:old", "key:new"));
    }
}
