namespace Fathom.Sources;

/// <summary>
/// Canonical form of an address, so that the same page found by two providers (with a trailing
/// slash, a fragment, tracking parameters or another letter case in the host) is one source.
/// </summary>
public static class UrlKey
{
    private static readonly string[] TrackingPrefixes = ["utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ref_src"];

    /// <summary>The canonical key of <paramref name="url"/>; addresses that are not absolute URIs are kept as they are.</summary>
    public static string Canonical(string url)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return url.Trim();
        }

        var host = uri.IdnHost.ToLowerInvariant();
        if (host.StartsWith("www.", StringComparison.Ordinal))
        {
            host = host[4..];
        }

        var path = uri.AbsolutePath;
        if (path.Length > 1 && path.EndsWith('/'))
        {
            path = path.TrimEnd('/');
        }

        var query = string.Join('&', uri.Query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !TrackingPrefixes.Any(t => p.StartsWith(t, StringComparison.OrdinalIgnoreCase)))
            .Order(StringComparer.Ordinal));
        var port = uri.IsDefaultPort ? "" : ":" + uri.Port;
        return $"{host}{port}{path}{(query.Length > 0 ? "?" + query : "")}";
    }
}
