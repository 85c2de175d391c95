using Fathom.Sources;

namespace Fathom.Models.Tests;

/// <summary>
/// Pages are learned concurrently (the guard's fallback learns beside the model), so the run's
/// findings are read while other pages add theirs: reading them must never throw.
/// </summary>
public sealed class SourceRegistryRaceTests
{
    [Fact]
    public async Task Findings_ReadWhileNewSourcesAddTheirFirstFindings_NeverThrows()
    {
        var registry = new SourceRegistry();
        using var stop = new CancellationTokenSource();
        using var reading = new CountdownEvent(2);
        var readers = Enumerable.Range(0, 2).Select(reader => Task.Run(() =>
        {
            var reads = 0;
            reading.Signal();
            do
            {
                _ = registry.Findings;
                reads++;
            }
            while (!stop.IsCancellationRequested);

            return reads;
        })).ToList();

        await Task.Run(() =>
        {
            reading.Wait(TimeSpan.FromSeconds(30));
            for (var source = 1; source <= 200_000; source++)
            {
                registry.AddFindings([new Finding(source, "claim", "quote")]);
            }
        });
        await stop.CancelAsync();

        Assert.All(await Task.WhenAll(readers), reads => Assert.True(reads > 0));
        Assert.True(registry.Findings.Count > 0);
    }
}
