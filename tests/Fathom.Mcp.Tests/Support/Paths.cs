namespace Fathom.Mcp.Tests.Support;

/// <summary>The repository root, the shared material beside it and the Node packages .ci/run installs.</summary>
internal static class Paths
{
    public static string Root { get; } = FindRoot();

    public static string ResearchCorpus => Path.GetFullPath(Path.Combine(Root, "..", "shared", "data", "research", "corpus"));

    /// <summary>Where .ci/run installs the npm packages the tests run (git-ignored).</summary>
    public static string NodePrefix => Path.Combine(Root, ".ci", "node");

    /// <summary>
    /// The command line's own build (bin/CONFIGURATION/net10.0 of src/Fathom.Cli), which runs with its
    /// own dependency manifest; the copy beside the tests would resolve against theirs.
    /// </summary>
    public static string CliAssembly
    {
        get
        {
            var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var path = Path.Combine(Root, "src", "Fathom.Cli", "bin", framework.Parent!.Name, framework.Name, "fathom.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"Build the command line first: dotnet build src/Fathom.Cli ({path} is missing).");
        }
    }

    public static string TempDirectory() => Directory.CreateTempSubdirectory("fathom-mcp-tests-").FullName;

    public static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Fathom.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run the tests from inside the repository (Fathom.slnx not found above " + AppContext.BaseDirectory + ").");
    }
}
