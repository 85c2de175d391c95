using Microsoft.Extensions.Options;

namespace Fathom.Server.Hosting;

/// <summary>
/// Checks <see cref="FathomServerOptions"/> when the server starts: values out of range, and an open
/// address with no API key configured, which is refused with the fix.
/// </summary>
internal sealed class FathomServerOptionsValidator : IValidateOptions<FathomServerOptions>
{
    public ValidateOptionsResult Validate(string? name, FathomServerOptions options)
    {
        var problems = options.Problems();
        try
        {
            options.Limits.Validate();
        }
        catch (ArgumentException ex)
        {
            problems.Add(ex.Message);
        }

        if (options.OpenAddressWithoutKey() is { } open)
        {
            problems.Add($"Refusing to listen on '{open}' without an API key. Set {ApiKeySource.Variable} (comma-separated keys) or pass a key file, or listen on loopback (http://127.0.0.1:8080)");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
