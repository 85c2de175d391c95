namespace Fathom.Server.Auth;

/// <summary>The names the API-key scheme is known by: its scheme, the policy every surface requires, and the caller's claim.</summary>
public static class ApiKeyDefaults
{
    /// <summary>The authentication scheme: <c>Authorization: Bearer &lt;key&gt;</c>.</summary>
    public const string Scheme = "FathomApiKey";

    /// <summary>The authorization policy a surface requires so that only callers with a configured key reach it.</summary>
    public const string CallerPolicy = "FathomCaller";

    /// <summary>The claim holding the caller's key fingerprint (never the key).</summary>
    public const string CallerClaim = "fathom:caller";
}
