namespace Fathom.Page.Tests;

/// <summary>The system Chromium the tests drive and print with (Debian's package, which .ci/run installs).</summary>
internal static class Chromium
{
    public static string Path => Reports.ChromiumLocator.Find()
        ?? throw new InvalidOperationException("These tests need Chromium: apt-get install chromium (bash .ci/run installs it), or set FATHOM_CHROMIUM.");
}
