using Microsoft.AspNetCore.Http;

namespace Fathom.Server.Auth;

/// <summary>Reads the caller's identity from a request.</summary>
internal static class CallerAuthentication
{
    /// <summary>The caller's key fingerprint, or null when the request carries no valid key.</summary>
    public static string? Caller(this HttpContext context, ApiKeyRing keys) =>
        keys.Authenticate(context.Request.Headers.Authorization.ToString() is { Length: > 0 } h ? h : null);
}
