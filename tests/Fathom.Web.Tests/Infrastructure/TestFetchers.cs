using System.Net;
using System.Net.Sockets;
using Fathom.Reading.Web;

namespace Fathom.Web.Tests.Infrastructure;

/// <summary>
/// Fetchers for tests: they connect only to loopback addresses, so that if the SSRF guard ever
/// let a private or public address through, the test fails here instead of reaching a network.
/// </summary>
public static class TestFetchers
{
    public static WebFetcher Create(FetchOptions options, IHostResolver? resolver = null, IPageCache? cache = null) =>
        new(options, cache, resolver) { Connector = LoopbackOnlyAsync };

    public static async ValueTask<Stream> LoopbackOnlyAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        if (!IPAddress.IsLoopback(endpoint.Address))
        {
            throw new InvalidOperationException($"A test tried to connect to {endpoint}, which is not loopback: the guard let it through.");
        }

        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(endpoint, cancellationToken);
        return new NetworkStream(socket, ownsSocket: true);
    }
}

/// <summary>A resolver with a fixed table, for names that must resolve to chosen addresses.</summary>
public sealed class TableResolver(Dictionary<string, IPAddress[]> table) : IHostResolver
{
    public int Calls { get; private set; }

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        Calls++;
        return Task.FromResult(table.TryGetValue(host, out var addresses) ? addresses : []);
    }
}
