using System.Text;

namespace Fathom.Server.Auth;

/// <summary>
/// The key a server makes up when none is configured, kept in the data directory (readable by its
/// owner only) so that it stays the same across restarts and the runs it owns stay reachable. The
/// same keeping serves every secret a server makes up once per data directory (<see cref="OwnerSecret"/>).
/// </summary>
public static class GeneratedKeyFile
{
    /// <summary>The file's name inside the data directory.</summary>
    public const string FileName = "server.key";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The key stored in <paramref name="dataDirectory"/>, made and stored first when there is none.</summary>
    public static string LoadOrCreate(string dataDirectory) => LoadOrCreate(dataDirectory, FileName, ApiKeyRing.Generate);

    /// <summary>
    /// The secret stored in <paramref name="fileName"/> in <paramref name="dataDirectory"/> (owner-only),
    /// made by <paramref name="make"/> and stored first when there is none.
    /// </summary>
    public static string LoadOrCreate(string dataDirectory, string fileName, Func<string> make)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, fileName);
        for (var attempt = 0; ; attempt++)
        {
            if (TryRead(path) is { } existing)
            {
                return existing;
            }

            if (File.Exists(path))
            {
                // An empty file (a crash between create and write) holds no key: make a new one.
                File.Delete(path);
            }

            var key = make();
            try
            {
                // CreateNew: when two servers start at once, one writes and the other reads what it wrote.
                var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    // Owner-only from the first byte: never a moment when others could read it.
                    create.UnixCreateMode = OwnerOnly;
                }

                using var file = new FileStream(path, create);
                file.Write(Encoding.UTF8.GetBytes(key + "\n"));
                return key;
            }
            catch (IOException) when (attempt < 3 && File.Exists(path))
            {
                // Another server wrote it first: read its key.
            }
        }
    }

    /// <summary>The path of the key file in <paramref name="dataDirectory"/>.</summary>
    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, FileName);

    private static string? TryRead(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & ~OwnerOnly) != 0)
        {
            // Someone loosened it; a key others can read is no key.
            File.SetUnixFileMode(path, OwnerOnly);
        }

        var key = File.ReadAllText(path).Trim();
        return key.Length > 0 ? key : null;
    }
}
