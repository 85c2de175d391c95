using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fathom.Server.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;key&gt;</c> against the server's keys (compared in
/// constant time by <see cref="ApiKeyRing"/>). The caller becomes its key's fingerprint; the key
/// itself is never kept, logged or put in a failure message. A refusal is written in the format of
/// the surface asked (<see cref="ApiKeyChallenge"/>).
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ServerKeys keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var authorization = Request.Headers.Authorization.ToString();
        if (authorization.Length == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (keys.Ring.Authenticate(authorization) is not { } caller)
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key sent matches none the server was configured with."));
        }

        var identity = new ClaimsIdentity([new Claim(ApiKeyDefaults.CallerClaim, caller)], Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => Refuse();

    // The only policy asks for an authenticated caller, so a forbidden caller is one without a valid key too.
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => Refuse();

    private Task Refuse() =>
        (Context.GetEndpoint()?.Metadata.GetMetadata<ApiKeyChallenge>() ?? ApiKeyChallenge.DashScope).WriteAsync(Context);
}
