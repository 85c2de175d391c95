namespace Fathom.Cli.Infrastructure;

/// <summary>The per-user folder where Fathom keeps runs: $XDG_DATA_HOME/fathom or ~/.local/share/fathom.</summary>
public static class DataDirectory
{
    /// <summary>The folder, not yet created.</summary>
    public static string Default
    {
        get
        {
            var data = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
            if (string.IsNullOrEmpty(data))
            {
                data = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
            }

            return Path.Combine(data, "fathom");
        }
    }
}
