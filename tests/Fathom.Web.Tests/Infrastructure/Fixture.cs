namespace Fathom.Web.Tests.Infrastructure;

/// <summary>Recorded responses kept next to the tests, and the shared data one level above the repository.</summary>
public static class Fixture
{
    public static string Text(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    /// <summary>The shared data folder (../shared from the repository root).</summary>
    public static string SharedData(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Fathom.slnx")))
        {
            dir = dir.Parent;
        }

        if (dir?.Parent is null)
        {
            throw new InvalidOperationException("Could not find the repository root (Fathom.slnx) above " + AppContext.BaseDirectory);
        }

        return Path.Combine([dir.Parent.FullName, "shared", "data", .. parts]);
    }
}
