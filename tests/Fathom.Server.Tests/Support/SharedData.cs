namespace Fathom.Server.Tests.Support;

/// <summary>Finds the shared material (protocol examples, seed pages) by its path relative to the repository root.</summary>
internal static class SharedData
{
    public static string PathTo(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Fathom.slnx")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", relative));
            }
        }

        throw new DirectoryNotFoundException("The repository root (Fathom.slnx) was not found above the test's directory.");
    }

    public static string Read(string relative) => File.ReadAllText(PathTo(relative));
}
