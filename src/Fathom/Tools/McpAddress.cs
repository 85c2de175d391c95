using System.Net;
using Fathom.Reading.Web;

namespace Fathom.Tools;

/// <summary>
/// The checks an MCP server address passes before anything connects to it, the web fetcher's rules:
/// http(s) only, no credentials in the address, and no loopback, private, link-local or metadata
/// address unless the host is allowed. Host names are vetted again when connecting (see
/// <see cref="GuardedHttp"/>), so a name that resolves to a private address gets nowhere either.
/// </summary>
public static class McpAddress
{
    /// <summary>What is wrong with <paramref name="url"/>, or null when it may be tried.</summary>
    /// <param name="url">The server address as given.</param>
    /// <param name="allowedHosts">Hosts allowed although local or private (<c>--allow-host</c>).</param>
    public static string? Problem(string? url, IReadOnlyCollection<string> allowedHosts)
    {
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return "must be an absolute http(s) URL of the MCP server";
        }

        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            return $"must use http or https, not '{uri.Scheme}:'";
        }

        if (uri.UserInfo.Length > 0)
        {
            return "must not carry a user name or password (user:pass@); send a token in authentication.bearer instead";
        }

        var host = uri.IdnHost.Trim('[', ']').TrimEnd('.').ToLowerInvariant();
        if (allowedHosts.Any(h => string.Equals(h.Trim().Trim('[', ']').TrimEnd('.'), host, StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        if (host == "localhost" || host.EndsWith(".localhost", StringComparison.Ordinal))
        {
            return $"names {host}, a loopback address; start Fathom with --allow-host {host} to use a local MCP server";
        }

        if (IPAddress.TryParse(host, out var address) && AddressPolicy.RefusalReason(address) is { } reason)
        {
            return $"names {address}, {reason}; start Fathom with --allow-host {address} to use it";
        }

        return null;
    }

    /// <summary>The address without path, query or credentials, for events and logs.</summary>
    public static string Describe(Uri url) => url.IsAbsoluteUri ? $"{url.Scheme}://{url.Authority}" : "?";
}
