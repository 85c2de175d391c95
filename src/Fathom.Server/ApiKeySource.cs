namespace Fathom.Server;

/// <summary>Reads API keys from where operators put them: <c>FATHOM_API_KEYS</c> (comma-separated) and a key file (one key a line, # for comments).</summary>
public static class ApiKeySource
{
    /// <summary>The environment variable holding comma-separated keys.</summary>
    public const string Variable = "FATHOM_API_KEYS";

    /// <summary>Every key from the variable and the file (if given).</summary>
    /// <exception cref="FileNotFoundException">The key file does not exist.</exception>
    public static IReadOnlyList<string> Load(string? environmentValue, string? keyFile)
    {
        var keys = new List<string>();
        if (!string.IsNullOrWhiteSpace(environmentValue))
        {
            keys.AddRange(environmentValue.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        }

        if (keyFile is not null)
        {
            if (!File.Exists(keyFile))
            {
                throw new FileNotFoundException($"The API key file '{keyFile}' does not exist; create it with one key a line, or leave it out.", keyFile);
            }

            keys.AddRange(File.ReadAllLines(keyFile).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')));
        }

        return keys;
    }
}
