using System.Security.Cryptography;

namespace Fathom.Server.Auth;

/// <summary>
/// The random secret, made once per data directory and kept beside the run store (owner-only), that
/// keys the HMAC turning an API key into the owner stored with its runs. Without it a stolen store
/// would let anyone test guessed keys against the owners; with it the same key still maps to the
/// same owner across restarts.
/// </summary>
public static class OwnerSecret
{
    /// <summary>The file's name inside the data directory.</summary>
    public const string FileName = "owner.secret";

    private const int Bytes = 32;

    /// <summary>The secret stored in <paramref name="dataDirectory"/>, made and stored first when there is none.</summary>
    /// <exception cref="InvalidDataException">The file holds something other than a secret of this kind; the message names it and the fix.</exception>
    public static byte[] LoadOrCreate(string dataDirectory)
    {
        var text = GeneratedKeyFile.LoadOrCreate(dataDirectory, FileName, () => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(Bytes)));
        if (text.Length != Bytes * 2 || !text.All(Uri.IsHexDigit))
        {
            throw new InvalidDataException(
                $"'{PathIn(dataDirectory)}' does not hold a {Bytes}-byte hex secret. Restore it from a backup; deleting it makes a new one, but then the runs stored before are no longer reachable by their keys.");
        }

        return Convert.FromHexString(text);
    }

    /// <summary>The path of the secret file in <paramref name="dataDirectory"/>.</summary>
    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, FileName);
}
