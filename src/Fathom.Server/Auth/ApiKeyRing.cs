using System.Security.Cryptography;
using System.Text;

namespace Fathom.Server.Auth;

/// <summary>
/// The API keys the server accepts. Keys are kept only as SHA-256 digests and compared in constant
/// time against every key, so neither timing nor a memory dump of the ring gives a key away. A
/// caller is known by its key's fingerprint, never by the key.
/// </summary>
public sealed class ApiKeyRing
{
    private readonly byte[][] _digests;

    /// <summary>Builds the ring from the configured keys (blank entries are ignored).</summary>
    public ApiKeyRing(IEnumerable<string> keys)
    {
        _digests = keys.Select(k => k.Trim()).Where(k => k.Length > 0).Distinct(StringComparer.Ordinal).Select(Digest).ToArray();
    }

    /// <summary>Number of keys.</summary>
    public int Count => _digests.Length;

    /// <summary>A new random key, for a server started without one.</summary>
    public static string Generate() => "sk-fathom-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    /// <summary>
    /// Reads the bearer token of an <c>Authorization</c> header and returns the caller's fingerprint,
    /// or null when the token is missing or matches no key.
    /// </summary>
    public string? Authenticate(string? authorization)
    {
        const string scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var digest = Digest(authorization[scheme.Length..].Trim());
        var match = false;
        foreach (var known in _digests)
        {
            // No early exit: every key is compared whatever the outcome.
            match |= CryptographicOperations.FixedTimeEquals(known, digest);
        }

        return match ? Fingerprint(digest) : null;
    }

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static string Fingerprint(byte[] digest) => "key:" + Convert.ToHexStringLower(digest, 0, 6);
}
