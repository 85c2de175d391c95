namespace Fathom.Storage;

/// <summary>Where Fathom keeps its data when the host names no directory.</summary>
public static class DataDirectory
{
    /// <summary>
    /// The per-user default: <c>$XDG_DATA_HOME/fathom</c>, else <c>~/.local/share/fathom</c> on Unix,
    /// and <c>%LOCALAPPDATA%\fathom</c> on Windows. Hosts resolve this once at the edge.
    /// </summary>
    public static string Default()
    {
        if (OperatingSystem.IsWindows())
        {
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "fathom");
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (!string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg))
        {
            return Path.Combine(xdg, "fathom");
        }

        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share", "fathom");
    }
}
