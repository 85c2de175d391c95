using System.Text.RegularExpressions;

namespace Fathom.Server.Tests.Support;

/// <summary>The curl commands of the hosted model's API page (../shared/seed/qwen-deep-research-api.txt), as clients run them.</summary>
internal static partial class SeedCurl
{
    [GeneratedRegex(@"--data '(\{.*?\})'", RegexOptions.Singleline)]
    private static partial Regex DataArgument();

    /// <summary>The JSON bodies of the page's curl commands, in page order.</summary>
    public static IReadOnlyList<string> Bodies() =>
        [.. DataArgument().Matches(SharedData.Read("seed/qwen-deep-research-api.txt")).Select(m => m.Groups[1].Value)];
}
