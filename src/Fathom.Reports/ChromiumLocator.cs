namespace Fathom.Reports;

/// <summary>Finds a Chromium (or Chrome) to print PDFs with: the path given, else <c>FATHOM_CHROMIUM</c>, else the first one on PATH.</summary>
public static class ChromiumLocator
{
    /// <summary>The environment variable that names the browser when no option does.</summary>
    public const string Variable = "FATHOM_CHROMIUM";

    private static readonly string[] Names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "headless_shell"];

    /// <summary>The browser's path, or null when none is found.</summary>
    /// <exception cref="FileNotFoundException">A path was named but no file is there.</exception>
    public static string? Find(string? named = null)
    {
        named ??= Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(named))
        {
            return File.Exists(named)
                ? Path.GetFullPath(named)
                : throw new FileNotFoundException($"No browser at '{named}'. Name Chromium's executable (for example /usr/bin/chromium), or install it: apt-get install chromium.", named);
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in Names)
            {
                var candidate = Path.Combine(directory, OperatingSystem.IsWindows() ? name + ".exe" : name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
