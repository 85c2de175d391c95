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

    private async Task<int> Run(IResearchModel model, string input, bool canAsk, params string[] args) =>
        await Run(model, input, canAsk, CancellationToken.None, args);

    private async Task<int> Run(IResearchModel model, string input, bool canAsk, CancellationToken cancellationToken, params string[] args)
    {
        var console = new CliConsole(_out, _progress, new StringReader(input), canAsk);
        var app = FathomApp.Create(console, TimeProvider.System, new ModelCatalog(_ => model));
        return await app.RunAsync(args, cancellationToken);
    }

    /// <summary>A model that presses Ctrl-C when round <paramref name="round"/> is planned, so the run stops inside that round.</summary>
    private static ScriptedResearchModel Interrupting(CancellationTokenSource ctrlC, int round) => new()
    {
        PlanRound = (c, r) =>
        {
            if (r == round)
            {
                ctrlC.Cancel();
            }

            return r <= 2 ? new RoundPlan($"goal {r}", [r == 1 ? "tides moon" : "sun gravity"]) : RoundPlan.Stop("enough");
        },
    };

    private string StoredRunId() => ListRuns().Split('\t')[0].Trim();

    /// <summary>What <c>fathom runs list</c> prints now.</summary>
    private string ListRuns() => Output(app => app.Run(["runs", "list"]));

    /// <summary>What a command prints on stdout (it must succeed).</summary>
    private string Output(Func<Spectre.Console.Cli.CommandApp, int> command)
    {
        var start = _out.Output.Length;
        var console = new CliConsole(_out, _progress, new StringReader(""), false);
        Assert.Equal(0, command(FathomApp.Create(console, TimeProvider.System)));
        return _out.Output[start..];
    }

    [Fact]
    public async Task Research_InterruptedMidRound_IsListedAndResumesToACitedReport()
    {
        using var ctrlC = new CancellationTokenSource();

        var code = await Run(Interrupting(ctrlC, 2), "", false, ctrlC.Token, "research", "What raises tides?", "--corpus", Corpus, "--index", _dir.File("i.db"), "--no-clarify", "--out", _dir.File("partial.md"));

        Assert.Equal(ExitCodes.Cancelled, code);
        var listed = ListRuns();
        var id = listed.Split('\t')[0].Trim();
        Assert.Contains(id + "\tcancelled\t", listed, StringComparison.Ordinal);
        Assert.Contains("What raises tides?", listed, StringComparison.Ordinal);
        Assert.Contains($"--resume {id}", _progress.Output, StringComparison.Ordinal);

        var resumedCode = await Run(new ScriptedResearchModel(), "", false, "research", "--resume", id, "--corpus", Corpus, "--index", _dir.File("i.db"), "--out", _dir.File("r.json"));

        Assert.Equal(ExitCodes.Done, resumedCode);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(_dir.File("r.json")));
        Assert.Equal(id, json.RootElement.GetProperty("run_id").GetString());
        Assert.Equal("Completed", json.RootElement.GetProperty("status").GetString());
        Assert.Contains("[[", json.RootElement.GetProperty("report").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, json.RootElement.GetProperty("rounds").GetInt32());
        Assert.Contains(id + "\tcompleted\t", ListRuns(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Research_CtrlCAfterARound_WritesThePartialReport()
    {
        using var ctrlC = new CancellationTokenSource();
        var outFile = _dir.File("partial.md");

        var code = await Run(Interrupting(ctrlC, 2), "", false, ctrlC.Token, "research", "What raises tides?", "--corpus", Corpus, "--index", _dir.File("i.db"), "--no-clarify", "--out", outFile);

        Assert.Equal(ExitCodes.Cancelled, code);
        var report = await File.ReadAllTextAsync(outFile);
        Assert.Contains("](#ref-", report, StringComparison.Ordinal); // a Markdown file's citations link to its references
        Assert.Contains("Moon", report, StringComparison.Ordinal);
        Assert.Contains("partial", _progress.Output, StringComparison.Ordinal);
        Assert.Contains($"Wrote", _progress.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Research_CtrlCBeforeAnythingIsFound_WritesNoFileAndSaysSo()
    {
        using var ctrlC = new CancellationTokenSource();
        var outFile = _dir.File("none.md");

        var code = await Run(Interrupting(ctrlC, 1), "", false, ctrlC.Token, "research", "What raises tides?", "--corpus", Corpus, "--index", _dir.File("i.db"), "--no-clarify", "--out", outFile);

        Assert.Equal(ExitCodes.Cancelled, code);
        Assert.False(File.Exists(outFile));
        Assert.Contains("No report was written", _progress.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Wrote", _progress.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Research_UnwritableOutOrEvents_IsRefusedBeforeTheRunStarts()
    {
        var model = new ScriptedResearchModel();
        await File.WriteAllTextAsync(_dir.File("a-file"), "not a folder");

        var badOut = await Run(model, "", false, "research", "What raises tides?", "--corpus", Corpus, "--index", _dir.File("i.db"), "--no-clarify", "--out", _dir.File("missing/r.md"));
        var badEvents = await Run(model, "", false, "research", "What raises tides?", "--corpus", Corpus, "--index", _dir.File("i.db"), "--no-clarify", "--events", _dir.File("a-file") + "/x.jsonl");

        Assert.Equal(ExitCodes.Usage, badOut);
        Assert.Equal(ExitCodes.Usage, badEvents);
        Assert.Contains("does not exist", _progress.Output, StringComparison.Ordinal);
        Assert.Contains("--events", _progress.Output, StringComparison.Ordinal);
        Assert.Equal(0, model.Calls);
    }

    [Fact]
    public async Task Runs_ShowEventsDelete_ActOnAStoredRun()
    {
        await Run(new ScriptedResearchModel(), "", false, "research", "What raises tides?", "--corpus", Corpus, "--index", _dir.File("i.db"), "--no-clarify", "--out", _dir.File("r.md"));
        var id = StoredRunId();

        var lines = Output(app => app.Run(["runs", "events", id])).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("\"type\":\"run_started\"", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"type\":\"run_finished\"", lines[^1], StringComparison.Ordinal);
        Assert.Contains("[[", Output(app => app.Run(["runs", "show", id])), StringComparison.Ordinal);
        Assert.Contains("completed; 2 rounds", _progress.Output, StringComparison.Ordinal);
        Output(app => app.Run(["runs", "delete", id]));

        Assert.Equal("", ListRuns());
        Assert.Contains("No runs are stored yet.", _progress.Output, StringComparison.Ordinal);
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
    public async Task Research_NeedsClarificationWithoutTerminal_PrintsQuestionsAndExitsNeedsAnswer()
    {
        var model = new ScriptedResearchModel { Clarify = _ => new Clarification("", ["Which ocean?"]) };

        var code = await Run(model, "", false, "research", "What raises tides?", "--corpus", Corpus, "--index", _dir.File("i.db"));

        Assert.Equal(ExitCodes.NeedsAnswerOrNothingFound, code);
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

    [Theory]
    [InlineData("--query-budget", "1", "query_budget")]
    [InlineData("--page-budget", "1", "page_budget")]
    public async Task Research_SearchAndPageCeilings_StopTheRunWithTheirLimit(string option, string value, string limit)
    {
        var model = new ScriptedResearchModel
        {
            PlanRound = (c, r) => r <= 3 ? new RoundPlan($"goal {r}", ["tides moon", "sun gravity"]) : RoundPlan.Stop("enough"),
        };

        var code = await Run(model, "", false, "research", "What raises tides?", "--corpus", Corpus, "--index", _dir.File("i.db"), "--no-clarify", option, value, "--out", _dir.File("r.md"));

        Assert.Equal(ExitCodes.Done, code);
        Assert.Contains($"Limits reached: {limit}", _progress.Output, StringComparison.Ordinal);
        Assert.True(new FileInfo(_dir.File("r.md")).Length > 0);
    }

    [Theory]
    [InlineData("--cost-budget", "abc", "--cost-budget 'abc' is not a number")]
    [InlineData("--query-budget", "0", "query budget must be positive")]
    [InlineData("--page-budget", "-2", "page budget must be positive")]
    public async Task Research_BadCeilings_AreRefusedWithTheFix(string option, string value, string message)
    {
        var code = await Run(new ScriptedResearchModel(), "", false, "research", "q", option, value, "--corpus", Corpus);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(message, _out.Output, StringComparison.Ordinal);
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
