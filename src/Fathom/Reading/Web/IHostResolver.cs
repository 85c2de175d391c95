using System.Net;

namespace Fathom.Reading.Web;

/// <summary>Resolves a host name to its addresses. The system resolver in production; tests can map names themselves.</summary>
public interface IHostResolver
{
    /// <summary>The addresses of <paramref name="host"/>; empty when it does not resolve.</summary>
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

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
