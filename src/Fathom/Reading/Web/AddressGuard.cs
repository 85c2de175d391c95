using System.Net;

namespace Fathom.Reading.Web;

/// <summary>
/// Resolves a host and vets every address it resolves to before a connection is made. The fetcher
/// then connects to a vetted address itself, so a name that resolves to a public address when
/// checked and to a private one when connecting (DNS rebinding) gets nowhere.
/// </summary>
public sealed class AddressGuard(FetchOptions options, IHostResolver? resolver = null)
{
    private readonly IHostResolver _resolver = resolver ?? SystemHostResolver.Instance;
    private readonly HashSet<string> _allowedHosts = new(options.AllowedHosts.Select(Normalize), StringComparer.OrdinalIgnoreCase);

    /// <summary>The addresses of <paramref name="host"/> that may be connected to.</summary>
    /// <exception cref="AddressRefusedException">The host does not resolve, or resolves to an address that is not allowed.</exception>
    public async Task<IPAddress[]> VetAsync(string host, CancellationToken cancellationToken)
    {
        var name = Normalize(host);
        var literal = IPAddress.TryParse(name, out var parsed);
        var addresses = literal ? [parsed!] : await _resolver.ResolveAsync(name, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new AddressRefusedException($"{name} does not resolve to any address");
        }

        if (_allowedHosts.Contains(name))
        {
            return addresses;
        }

        // One forbidden address refuses the host: a resolver that mixes public and private answers is not to be trusted.
        foreach (var address in addresses)
        {
            if (AddressPolicy.RefusalReason(address) is { } reason && !InAllowedNetwork(address))
            {
                throw new AddressRefusedException(literal
                    ? $"{address} is {reason}; allow it explicitly to fetch it"
                    : $"{name} resolves to {address}, {reason}; allow the host explicitly to fetch it");
            }
        }

        return addresses;
    }

    private bool InAllowedNetwork(IPAddress address)
    {
        var v4 = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return options.AllowedNetworks.Any(n => n.Contains(address) || n.Contains(v4));
    }

    private static string Normalize(string host) => host.Trim().TrimStart('[').TrimEnd(']').TrimEnd('.').ToLowerInvariant();
}
