using Fathom.Cli.Rendering;
using Fathom.Events;
using Fathom.Research;
using Fathom.Sources;
using Spectre.Console.Testing;

namespace Fathom.Tests.Cli;

/// <summary>The progress lines of a run: counted nouns in the right number, and on a terminal, lines that never wrap under the live status.</summary>
public sealed class ProgressRendererTests
{
    [Fact]
    public void Render_OneOfEach_SingularNouns_AndSeveral_Plural()
    {
        var console = new TestConsole();
        console.Profile.Width = 500;
        var renderer = new ProgressRenderer(console, TimeProvider.System);
        renderer.Render(new RunStarted("Why?", new ResearchLimits { MaxRounds = 1 }, "extractive"));
        renderer.Render(new SourcesFound(1, [new SourceCard(1, "https://a.example/", "A", "")]));
        renderer.Render(new PageLearned(1, 1, "https://a.example/", "A", "", [new Finding(1, "a claim", "a quote")]));
        renderer.Render(new UsageUpdated(new TokenUsage(1, 0)));
        renderer.Render(new ResearchFinished(1, 1, "enough"));
        renderer.Render(new ResearchFinished(2, 3, "enough"));

        var output = console.Output;
        Assert.Contains("found 1 new source (1 in all)", output, StringComparison.Ordinal);
        Assert.Contains("· 1 finding", output, StringComparison.Ordinal);
        Assert.Contains("after 1 round with 1 finding (enough)", output, StringComparison.Ordinal);
        Assert.Contains("after 2 rounds with 3 findings (enough)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("1 rounds", output, StringComparison.Ordinal);
        Assert.DoesNotContain("1 findings", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_OnATerminal_EveryLineFitsOneRow_SoTheStatusLineLeavesNoCopies()
    {
        var console = new TestConsole().Interactive();
        console.Profile.Width = 40;
        var renderer = new ProgressRenderer(console, TimeProvider.System);
        renderer.Render(new RunStarted("Why do the tides of the oceans rise and fall twice a day?", new ResearchLimits { MaxRounds = 3 }, "extractive"));
        renderer.Render(new RoundStarted(1, "Find what the Moon and the Sun each contribute to the tides", ["moon gravity tides", "sun gravity tides"]));
        renderer.Render(new PageLearned(1, 1, "https://a.example/", "A very long page title that goes on and on", "", []));

        var lines = console.Lines;
        Assert.True(lines.Count >= 4, console.Output);
        Assert.All(lines, l => Assert.True(l.Length < 40, $"'{l}' is {l.Length} columns wide"));
        Assert.EndsWith("…", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("Researching: Why do the tides", lines[0], StringComparison.Ordinal);
        Assert.True(renderer.Status.Length <= 37, renderer.Status);
    }
}
