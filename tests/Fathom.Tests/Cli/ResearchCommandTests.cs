using System.Text.Json;
using Fathom.Cli;
using Fathom.Cli.Infrastructure;
using Fathom.Models;
using Fathom.Research;
using Fathom.Tests.Support;
using Spectre.Console.Testing;

namespace Fathom.Tests.Cli;

public sealed class ResearchCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly TestConsole _out = new();
    private readonly TestConsole _progress = new();

    public ResearchCommandTests()
    {
        var corpus = Directory.CreateDirectory(_dir.File("corpus")).FullName;
        File.WriteAllText(Path.Combine(corpus, "tides.md"), "# Tides\n\nThe Moon's gravity raises tides in the oceans. Spring tides happen at full and new moon.");
        File.WriteAllText(Path.Combine(corpus, "sun.md"), "# The Sun\n\nThe Sun's gravity also raises tides, about half as strong as the Moon's.");
        Environment.SetEnvironmentVariable("XDG_DATA_HOME", _dir.File("data"));
    }

    private async Task<int> Run(IResearchModel model, string input, bool canAsk, params string[] args)
    {
        var console = new CliConsole(_out, _progress, new StringReader(input), canAsk);
        var app = FathomApp.Create(console, TimeProvider.System, new ModelCatalog(_ => model));
        return await app.RunAsync(args);
    }

    private string Corpus => _dir.File("corpus");

    [Fact]
    public async Task Research_WritesJsonResultWithVerbatimQuotes()
    {
        var outFile = _dir.File("r.json");

        var code = await Run(new ScriptedResearchModel(), "", false, "research", "What raises tides?", "--corpus", Corpus, "--index", _dir.File("i.db"), "--no-clarify", "--out", outFile);

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(outFile));
        var root = json.RootElement;
        Assert.Equal("What raises tides?", root.GetProperty("question").GetString());
        Assert.Contains("[[", root.GetProperty("report").GetString(), StringComparison.Ordinal);
        var reference = root.GetProperty("references")[0];
        Assert.True(reference.GetProperty("index").GetInt32() > 0);
        Assert.NotEmpty(reference.GetProperty("quotes").EnumerateArray());
        Assert.True(root.TryGetProperty("usage", out _));
        Assert.True(root.TryGetProperty("limits_hit", out _));
        Assert.Contains("Round 1/5", _progress.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Research_WritesEveryEventAsJsonLines()
    {
        var events = _dir.File("run.jsonl");

        await Run(new ScriptedResearchModel(), "", false, "research", "What raises tides?", "--corpus", Corpus, "--index", _dir.File("i.db"), "--no-clarify", "--events", events, "--out", _dir.File("r.md"));

        var lines = await File.ReadAllLinesAsync(events);
        Assert.Contains("\"type\":\"run_started\"", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"type\":\"run_finished\"", lines[^1], StringComparison.Ordinal);
        Assert.Equal(lines.Length, lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("sequence").GetInt64()).Distinct().Count());
    }

    [Fact]
    public async Task Research_NeedsClarificationWithoutTerminal_PrintsQuestionsAndExitsZero()
    {
        var model = new ScriptedResearchModel { Clarify = _ => new Clarification("", ["Which ocean?"]) };

        var code = await Run(model, "", false, "research", "What raises tides?", "--corpus", Corpus, "--index", _dir.File("i.db"));

        Assert.Equal(0, code);
        Assert.Contains("1. Which ocean?", _out.Output, StringComparison.Ordinal);
        Assert.Contains("--answer", _progress.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Research_NeedsClarificationOnTerminal_AsksAndContinues()
    {
        string? answer = null;
        var model = new ScriptedResearchModel
        {
            Clarify = _ => new Clarification("", ["Which ocean?"]),
            Plan = c =>
            {
                answer = c.Request.ClarificationAnswer;
                return new ResearchPlan("b", ["o"]);
            },
        };

        var code = await Run(model, "The Atlantic\n", true, "research", "What raises tides?", "--corpus", Corpus, "--index", _dir.File("i.db"), "--out", _dir.File("r.md"));

        Assert.Equal(0, code);
        Assert.Equal("The Atlantic", answer);
        Assert.True(File.Exists(_dir.File("r.md")));
    }

    [Fact]
    public async Task Research_BadOptions_AreRefusedWithTheFix()
    {
        var code = await Run(new ScriptedResearchModel(), "", false, "research", "q", "--rounds", "40", "--corpus", Corpus);

        Assert.NotEqual(0, code);
        Assert.Contains("rounds must be between 1 and 15", _out.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Research_WithoutAnySearchBackend_SaysWhatToPass()
    {
        var code = await Run(new ScriptedResearchModel(), "", false, "research", "q", "--no-clarify");

        Assert.NotEqual(0, code);
        Assert.Contains("--corpus", _out.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Index_ReportsWhatItDid()
    {
        var code = await Run(new ScriptedResearchModel(), "", false, "index", Corpus, "--index", _dir.File("i.db"));

        Assert.Equal(0, code);
        Assert.Contains("2 files added", _out.Output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("XDG_DATA_HOME", null);
        _dir.Dispose();
    }
}
