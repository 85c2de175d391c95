using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace Fathom.Server.Auth;

/// <summary>Reads the caller's identity that <see cref="ApiKeyAuthenticationHandler"/> established.</summary>
public static class CallerAuthentication
{
    /// <summary>The caller's key fingerprint, or null when the request was not authenticated.</summary>
    public static string? Caller(this ClaimsPrincipal user) => user.FindFirst(ApiKeyDefaults.CallerClaim)?.Value;

    /// <summary>
    /// The fingerprint of the caller of an endpoint that requires <see cref="ApiKeyDefaults.CallerPolicy"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The endpoint was mapped without the policy.</exception>
    public static string RequiredCaller(this HttpContext context) =>
        context.User.Caller() ?? throw new InvalidOperationException(
            $"The endpoint {context.Request.Path} has no authenticated caller: map it with RequireAuthorization(ApiKeyDefaults.CallerPolicy).");
}
