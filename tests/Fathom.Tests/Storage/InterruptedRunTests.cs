using Fathom.Research;
using Fathom.Storage;
using Fathom.Tests.Support;

namespace Fathom.Tests.Storage;

public sealed class InterruptedRunTests
{
    [Fact]
    public void MarkInterrupted_NamesEachRunsOwnResumeAddress()
    {
        using var temp = new TempDirectory();
        using var store = SqliteRunStore.Open(temp.Path);
        store.Create("run-a", new ResearchRequest { Question = "q" }, "extractive", "key:1");
        store.Create("run-b", new ResearchRequest { Question = "q" }, "extractive", "key:1");

        var marked = store.MarkInterrupted("The server stopped; POST /api/v1/research/{id}/resume continues it.");

        Assert.Equal(["run-a", "run-b"], marked.Order(StringComparer.Ordinal));
        Assert.Equal("The server stopped; POST /api/v1/research/run-a/resume continues it.", store.Find("run-a")!.Error);
        Assert.Equal("The server stopped; POST /api/v1/research/run-b/resume continues it.", store.Find("run-b")!.Error);
    }
}
