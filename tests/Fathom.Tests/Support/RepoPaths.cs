namespace Fathom.Tests.Support;

/// <summary>Paths the tests use: the repository root and the shared material beside it.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static string ResearchData => Path.Combine(Shared, "data", "research");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Fathom.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Run the tests from inside the repository (Fathom.slnx not found above " + AppContext.BaseDirectory + ").");
    }
}
