using Fathom.Cli;
using Fathom.Cli.Infrastructure;
using Spectre.Console.Testing;

namespace Fathom.Tests.Cli;

public sealed class VersionTests
{
    [Fact]
    public async Task Version_PrintsTheBuildsVersion_AndExitsZero()
    {
        var output = new TestConsole();
        var app = FathomApp.Create(new CliConsole(output, new TestConsole(), new StringReader(""), false), TimeProvider.System);

        var code = await app.RunAsync(["--version"]);

        Assert.Equal(ExitCodes.Done, code);
        Assert.Matches(@"^\d+\.\d+\.\d+", output.Output.Trim());
        Assert.Equal(FathomVersion.Current, output.Output.Trim());
    }
}
