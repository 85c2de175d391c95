using System.Net;
using System.Net.Sockets;

namespace Fathom.Reading.Web;

/// <summary>
/// Which addresses a fetch may never reach unless explicitly allowed: anything that is not the
/// public internet (loopback, private, link-local, shared, multicast, reserved, documentation
/// ranges) and the cloud metadata endpoints. Addresses that embed an IPv4 address (NAT64, 6to4)
/// are judged by the address they embed.
/// </summary>
public static class AddressPolicy
{
    private static readonly (IPNetwork Network, string Reason)[] Ranges =
    [
        (IPNetwork.Parse("169.254.169.254/32"), "the cloud metadata address"),
        (IPNetwork.Parse("169.254.170.2/32"), "a cloud metadata address"),
        (IPNetwork.Parse("100.100.100.200/32"), "a cloud metadata address"),
        (IPNetwork.Parse("fd00:ec2::254/128"), "the cloud metadata address"),
        (IPNetwork.Parse("0.0.0.0/8"), "an unspecified address"),
        (IPNetwork.Parse("10.0.0.0/8"), "a private address"),
        (IPNetwork.Parse("100.64.0.0/10"), "a carrier-grade NAT address"),
        (IPNetwork.Parse("127.0.0.0/8"), "a loopback address"),
        (IPNetwork.Parse("169.254.0.0/16"), "a link-local address"),
        (IPNetwork.Parse("172.16.0.0/12"), "a private address"),
        (IPNetwork.Parse("192.0.0.0/24"), "a reserved address"),
        (IPNetwork.Parse("192.0.2.0/24"), "a documentation address"),
        (IPNetwork.Parse("192.168.0.0/16"), "a private address"),
        (IPNetwork.Parse("198.18.0.0/15"), "a benchmarking address"),
        (IPNetwork.Parse("198.51.100.0/24"), "a documentation address"),
        (IPNetwork.Parse("203.0.113.0/24"), "a documentation address"),
        (IPNetwork.Parse("224.0.0.0/4"), "a multicast address"),
        (IPNetwork.Parse("240.0.0.0/4"), "a reserved address"),
        (IPNetwork.Parse("::/128"), "an unspecified address"),
        (IPNetwork.Parse("::1/128"), "a loopback address"),
        (IPNetwork.Parse("::ffff:0:0/96"), "an IPv4-mapped address"),
        (IPNetwork.Parse("100::/64"), "a discard address"),
        (IPNetwork.Parse("2001::/32"), "a Teredo tunnel address"),
        (IPNetwork.Parse("2001:db8::/32"), "a documentation address"),
        (IPNetwork.Parse("fc00::/7"), "a unique local (private) address"),
        (IPNetwork.Parse("fe80::/10"), "a link-local address"),
        (IPNetwork.Parse("fec0::/10"), "a site-local address"),
        (IPNetwork.Parse("ff00::/8"), "a multicast address"),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    /// <summary>Why <paramref name="address"/> may not be fetched, or null when it is a public address.</summary>
    public static string? RefusalReason(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6 && RefusalReason(address.MapToIPv4()) is { } mapped)
        {
            return mapped;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6 && Embedded(address) is { } embedded && RefusalReason(embedded) is { } inner)
        {
            return inner + " (embedded in an IPv6 address)";
        }

        foreach (var (network, reason) in Ranges)
        {
            if (network.Contains(address))
            {
                return reason;
            }
        }

        return address.Equals(IPAddress.Broadcast) ? "the broadcast address" : null;
    }

    /// <summary>The IPv4 address inside a NAT64 or 6to4 address, if it is one.</summary>
    private static IPAddress? Embedded(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        if (Nat64.Contains(address))
        {
            return new IPAddress(bytes.AsSpan(12, 4));
        }

        return SixToFour.Contains(address) ? new IPAddress(bytes.AsSpan(2, 4)) : null;
    }
}
