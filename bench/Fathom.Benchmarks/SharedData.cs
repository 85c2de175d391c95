namespace Fathom.Benchmarks;

/// <summary>Finds the shared benchmark data beside the repository.</summary>
internal static class SharedData
{
    public static string Root { get; } = Find();

    public static string ResearchCorpus => Path.Combine(Root, "data", "research", "corpus");

    public static string ResearchQueries => Path.Combine(Root, "data", "research", "queries.jsonl");

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Fathom.slnx")))
        {
            dir = dir.Parent;
        }

        var shared = dir is null ? null : Path.Combine(dir.FullName, "..", "shared");
        return shared is not null && Directory.Exists(shared)
            ? Path.GetFullPath(shared)
            : throw new DirectoryNotFoundException("The shared data folder (../shared beside the repository) was not found.");
    }
}
