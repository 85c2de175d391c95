using System.Security.Cryptography;
using System.Text;

namespace Fathom.Server.Auth;

/// <summary>
/// The API keys the server accepts. Keys are kept only as SHA-256 digests and compared in constant
/// time against every key, so neither timing nor a memory dump of the ring gives a key away. A
/// caller is known by its owner: the hex HMAC-SHA256 of its key under the data directory's
/// <see cref="OwnerSecret"/>, never by the key.
/// </summary>
public sealed class ApiKeyRing
{
    private readonly byte[][] _digests;
    private readonly string[] _owners;
    private readonly string[] _legacyOwners;

    /// <summary>
    /// Builds the ring from the configured keys (blank entries are ignored), with owners keyed by a
    /// secret made up now: they hold for this ring only. A server passes its stored secret instead.
    /// </summary>
    public ApiKeyRing(IEnumerable<string> keys)
        : this(keys, RandomNumberGenerator.GetBytes(32))
    {
    }

    /// <summary>Builds the ring from the configured keys (blank entries are ignored), owners keyed by <paramref name="ownerSecret"/>.</summary>
    public ApiKeyRing(IEnumerable<string> keys, byte[] ownerSecret)
    {
        ArgumentNullException.ThrowIfNull(ownerSecret);
        var distinct = keys.Select(k => k.Trim()).Where(k => k.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        _digests = [.. distinct.Select(Digest)];
        _owners = [.. distinct.Select(k => "key:" + Convert.ToHexStringLower(HMACSHA256.HashData(ownerSecret, Encoding.UTF8.GetBytes(k))))];
        _legacyOwners = [.. _digests.Select(LegacyOwner)];
    }

    /// <summary>Number of keys.</summary>
    public int Count => _digests.Length;

    /// <summary>
    /// Each key's owner in the form stores kept before owners were keyed by a secret (an unsalted
    /// SHA-256 prefix), paired with its owner now: the runs stored under the first are moved to the second at start.
    /// </summary>
    public IEnumerable<(string Legacy, string Current)> LegacyOwners => _legacyOwners.Zip(_owners);

    /// <summary>A new random key, for a server started without one.</summary>
    public static string Generate() => "sk-fathom-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    /// <summary>
    /// Reads the bearer token of an <c>Authorization</c> header and returns the caller's owner,
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
        var match = -1;
        for (var i = 0; i < _digests.Length; i++)
        {
            // No early exit: every key is compared whatever the outcome.
            if (CryptographicOperations.FixedTimeEquals(_digests[i], digest))
            {
                match = i;
            }
        }

        return match >= 0 ? _owners[match] : null;
    }

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static string LegacyOwner(byte[] digest) => "key:" + Convert.ToHexStringLower(digest, 0, 6);
}
