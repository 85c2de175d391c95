using Fathom.Cli;
using Fathom.Cli.Infrastructure;
using Fathom.Server.Tests.Support;

namespace Fathom.Cluster.Tests;

/// <summary>
/// The test assembly can also run as <c>fathom</c> with the scripted model
/// (<c>dotnet Fathom.Cluster.Tests.dll DELAYMS serve --cluster …</c>), so that a test can start real
/// <c>fathom serve --cluster</c> processes and kill one for real, mid-run.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is not [var delay, .. var fathom] || !int.TryParse(delay, System.Globalization.CultureInfo.InvariantCulture, out var milliseconds))
        {
            await Console.Error.WriteLineAsync("usage: DELAYMS fathom-arguments…");
            return 2;
        }

        var script = new ScriptedResearchModel.Script { Delay = TimeSpan.FromMilliseconds(milliseconds), StaggerLearning = true };
        var app = FathomApp.Create(CliConsole.FromProcess(), TimeProvider.System, new ModelCatalog(_ => new ScriptedResearchModel(script)));
        return await app.RunAsync(fathom);
    }
}
