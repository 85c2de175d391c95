using System.Reflection;

namespace Fathom.Cli.Infrastructure;

/// <summary>The version <c>fathom --version</c> prints: the informational version the build stamped (with its commit when known).</summary>
public static class FathomVersion
{
    /// <summary>The version of this build.</summary>
    public static string Current { get; } =
        typeof(FathomVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(FathomVersion).Assembly.GetName().Version?.ToString()
        ?? "0.0.0";
}
