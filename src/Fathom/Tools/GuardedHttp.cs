using System.Net;
using System.Net.Sockets;
using Fathom.Reading.Web;

namespace Fathom.Tools;

/// <summary>
/// An HTTP client whose every connection goes to an address the <see cref="AddressGuard"/> vetted,
/// so MCP servers are held to the same address policy as fetched pages (DNS rebinding included).
/// </summary>
internal static class GuardedHttp
{
    public static HttpClient Create(FetchOptions fetch, TimeSpan connectTimeout)
    {
        var guard = new AddressGuard(fetch);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false, // A proxy would connect on our behalf, past the guard.
            UseCookies = false,
            ConnectTimeout = connectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = (context, ct) => ConnectAsync(guard, context.DnsEndPoint, ct),
        };
        var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.UserAgent.ParseAdd(fetch.UserAgent);
        return http;
    }

    private static async ValueTask<Stream> ConnectAsync(AddressGuard guard, DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        var addresses = await guard.VetAsync(endpoint.Host, cancellationToken);
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }
}
