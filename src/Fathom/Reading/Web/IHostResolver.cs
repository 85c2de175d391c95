using System.Net;

namespace Fathom.Reading.Web;

/// <summary>Resolves a host name to its addresses. The system resolver in production; tests can map names themselves.</summary>
public interface IHostResolver
{
    /// <summary>The addresses of <paramref name="host"/>; empty when it does not resolve.</summary>
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}
