using Fathom.Server.Tests.Support;

namespace Fathom.Server.Tests;

/// <summary>
/// The test assembly can also run as a server process (<c>dotnet Fathom.Server.Tests.dll serve DATA PORTFILE DELAYMS</c>)
/// so that a test can kill a server for real, mid-run, and restart another on the same data.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is not ["serve", var data, var portFile, var delay])
        {
            await Console.Error.WriteLineAsync("usage: serve DATA PORTFILE DELAYMS");
            return 2;
        }

        var script = new ScriptedResearchModel.Script { Delay = TimeSpan.FromMilliseconds(int.Parse(delay, System.Globalization.CultureInfo.InvariantCulture)), StaggerLearning = true };
        using var corpus = await LocalCorpus.CreateAsync(new ScriptedResearchModel(script));
        await using var server = await TestServer.StartAsync(corpus.Handle.Engine, data);
        await File.WriteAllTextAsync(portFile + ".tmp", server.Address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        File.Move(portFile + ".tmp", portFile);
        await Task.Delay(Timeout.Infinite);
        return 0;
    }
}
