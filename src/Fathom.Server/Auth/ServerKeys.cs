using Microsoft.Extensions.Options;

namespace Fathom.Server.Auth;

/// <summary>
/// The keys the server accepts: those configured, or, with none, the one generated and kept in the
/// data directory (the options then allow loopback addresses only). The host shows a generated key
/// to the operator on its console; it never goes to the log. Owners are keyed by the data directory's
/// <see cref="OwnerSecret"/>.
/// </summary>
public sealed class ServerKeys
{
    /// <summary>Resolves the keys from the options.</summary>
    public ServerKeys(IOptions<FathomServerOptions> options)
    {
        var configured = options.Value.ApiKeys;
        var secret = options.Value.OwnerSecret ?? OwnerSecret.LoadOrCreate(options.Value.DataDirectory);
        if (configured.Count > 0)
        {
            Ring = new ApiKeyRing(configured, secret);
            return;
        }

        GeneratedKeyPath = GeneratedKeyFile.PathIn(options.Value.DataDirectory);
        GeneratedKey = GeneratedKeyFile.LoadOrCreate(options.Value.DataDirectory);
        Ring = new ApiKeyRing([GeneratedKey], secret);
    }

    /// <summary>The key the server made up (or reused) because none was configured; null when keys were configured.</summary>
    public string? GeneratedKey { get; }

    /// <summary>Where the generated key is kept; null when keys were configured.</summary>
    public string? GeneratedKeyPath { get; }

    internal ApiKeyRing Ring { get; }
}
