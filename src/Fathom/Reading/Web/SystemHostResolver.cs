using System.Net;

namespace Fathom.Reading.Web;

/// <summary>The operating system's resolver.</summary>
public sealed class SystemHostResolver : IHostResolver
{
    /// <summary>The shared instance.</summary>
    public static SystemHostResolver Instance { get; } = new();

    /// <inheritdoc />
    public async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        try
        {
            return await Dns.GetHostAddressesAsync(host, cancellationToken);
        }
        catch (System.Net.Sockets.SocketException)
        {
            return [];
        }
    }
}
