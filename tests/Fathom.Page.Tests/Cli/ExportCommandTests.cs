using DocumentFormat.OpenXml.Packaging;
using Fathom.Cli;
using Fathom.Cli.Infrastructure;
using Fathom.Page.Tests.Support;
using Fathom.Research;
using Fathom.Storage;
using Spectre.Console.Testing;

namespace Fathom.Page.Tests.Cli;

/// <summary><c>fathom export</c> over a run stored by the server's run store, and <c>fathom research --review-plan --out</c> on a terminal.</summary>
[Collection(CliCollection.Name)]
public sealed class ExportCommandTests : IAsyncLifetime
{
    private readonly TestConsole _out = new();
    private readonly TestConsole _progress = new();
    private readonly string _dir = TempFiles.NewDirectory("fathom-page-cli-");
    private TopicCorpus _corpus = null!;

    public async Task InitializeAsync()
    {
        _corpus = await TopicCorpus.CreateAsync();
        Environment.SetEnvironmentVariable("XDG_DATA_HOME", Path.Combine(_dir, "xdg"));
    }

    public Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable("XDG_DATA_HOME", null);
        _corpus.Dispose();
        TempFiles.Delete(_dir);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Export_AStoredRun_WritesEachFormat()
    {
        var data = Path.Combine(_dir, "data");
        var id = ResearchEngine.NewRunId();
        var request = new ResearchRequest { Question = TopicCorpus.Question, AllowClarification = false, Limits = new ResearchLimits { MaxRounds = 2 } };
        using (var store = SqliteRunStore.Open(data))
        {
            store.Create(id, request, "extractive", "owner");
            await foreach (var e in _corpus.Engine.RunAsync(request, id))
            {
                await store.AppendAsync(e);
            }
        }

        Assert.Equal(ExitCodes.Done, await RunAsync("", "export", id, "--data", data, "--format", "pptx", "--out", Path.Combine(_dir, "r.pptx")));
        using (var pptx = PresentationDocument.Open(Path.Combine(_dir, "r.pptx"), false))
        {
            Assert.True(pptx.PresentationPart!.SlideParts.Count() >= 3);
        }

        Assert.Equal(ExitCodes.Done, await RunAsync("", "export", id, "--data", data));
        Assert.StartsWith("# How do heat pumps work and what do they cost?", _out.Output, StringComparison.Ordinal);
        Assert.Contains("## References", _out.Output, StringComparison.Ordinal);

        Assert.Equal(ExitCodes.Failed, await RunAsync("", "export", "no-such-run", "--data", data));
        Assert.Contains("No run 'no-such-run' is stored", _progress.Output, StringComparison.Ordinal);
        Assert.NotEqual(ExitCodes.Done, await RunAsync("", "export", id, "--data", data, "--format", "odt"));
        Assert.Contains("--format 'odt' is not one of md, html, pdf, docx, pptx", _out.Output + _progress.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Research_ReviewPlan_OnATerminal_ResearchesTheTypedOutline()
    {
        var corpus = Path.Combine(_corpus.Directory, "docs");
        var output = Path.Combine(_dir, "r.docx");
        var code = await RunAsync("Noise; 1\n", "research", TopicCorpus.Question, "--corpus", corpus, "--index", Path.Combine(_corpus.Directory, "index.db"),
            "--no-clarify", "--review-plan", "--rounds", "2", "--out", output);

        Assert.Equal(ExitCodes.Done, code);
        Assert.Contains("The plan", _progress.Output, StringComparison.Ordinal);
        Assert.Contains("Plan approved as edited: Noise · ", _progress.Output, StringComparison.Ordinal);
        using var docx = WordprocessingDocument.Open(output, false);
        var headings = docx.MainDocumentPart!.Document.Body!.Elements<DocumentFormat.OpenXml.Wordprocessing.Paragraph>()
            .Where(p => p.ParagraphProperties?.ParagraphStyleId?.Val?.Value == "Heading2").Select(p => p.InnerText).ToList();
        Assert.Equal("Noise", headings[0]);
        Assert.Equal("References", headings[^1]);
    }

    private async Task<int> RunAsync(string input, params string[] args)
    {
        var console = new CliConsole(_out, _progress, new StringReader(input), CanAsk: input.Length > 0);
        var app = FathomApp.Create(console, TimeProvider.System);
        return await app.RunAsync(args);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CliCollection
{
    public const string Name = "cli";
}
