using System.Text.Json;
using Fathom.Models.Chat;
using Fathom.Models.Gguf;
using Fathom.Models.Providers;
using Fathom.Models.Tests.Support;
using Microsoft.Extensions.AI;

namespace Fathom.Models.Tests;

/// <summary>The in-process GGUF provider on a tiny random-weight model the test writes itself.</summary>
public sealed class GgufTests : IClassFixture<GgufTests.TinyModel>
{
    private readonly TinyModel _model;

    public GgufTests(TinyModel model) => _model = model;

    public sealed class TinyModel : IDisposable
    {
        public TinyModel()
        {
            Path = TinyGguf.Write(System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"fathom-tiny-{Guid.NewGuid():N}.gguf"));
            Client = new ChatClientFactory(new GgufChatProvider(new GgufOptions { ContextSize = 8192 })).Create("gguf:" + Path);
        }

        public string Path { get; }

        public IChatClient Client { get; }

        public void Dispose()
        {
            Client.Dispose();
            File.Delete(Path);
        }
    }

    [Fact]
    public async Task Load_AndGenerate_CountsUsageWithTheTokenizer()
    {
        var response = await _model.Client.GetResponseAsync("hello", new ChatOptions { MaxOutputTokens = 16 });

        Assert.NotNull(response.Usage);
        Assert.True(response.Usage.InputTokenCount > 5);
        Assert.InRange(response.Usage.OutputTokenCount ?? -1, 0, 16);
    }

    [Fact]
    public async Task JsonSchemaFormat_ConstrainsEvenARandomModelToValidJson()
    {
        var options = new ChatOptions
        {
            MaxOutputTokens = 4_000,
            ResponseFormat = ChatResponseFormat.ForJsonSchema(JsonDocument.Parse("""
                {"type": "object", "properties": {"brief": {"type": "string"}, "outline": {"type": ["array", "null"], "items": {"type": "string"}}, "stop": {"type": "boolean"}}}
                """).RootElement, "plan"),
        };

        var response = await _model.Client.GetResponseAsync("Plan the research.", options);

        using var json = JsonDocument.Parse(response.Text);
        Assert.Equal(JsonValueKind.String, json.RootElement.GetProperty("brief").ValueKind);
        Assert.Equal(JsonValueKind.Array, json.RootElement.GetProperty("outline").ValueKind);
        Assert.True(json.RootElement.GetProperty("stop").ValueKind is JsonValueKind.True or JsonValueKind.False);
    }

    [Fact]
    public async Task Plan_WithTheInProcessModel_ParsesItsGrammarConstrainedAnswer()
    {
        var model = new ChatResearchModel(ChatModelRoles.Shared(_model.Client), new ChatModelOptions { MaxAnswerTokens = 4_000 });
        var context = Contexts.For();

        var plan = await model.PlanAsync(context, default);

        Assert.Empty(context.DrainRejections());
        Assert.NotEqual(["why startups fail"], plan.Outline); // not the fallback: the model's own (nonsense) outline
        Assert.True(context.Budget.Spent.TotalTokens > 0);
    }

    [Fact]
    public async Task Prompt_LongerThanTheContext_FailsTheCallClearly()
    {
        var error = await Assert.ThrowsAsync<ModelProviderException>(() => _model.Client.GetResponseAsync(new string('x', 9_000), new ChatOptions { MaxOutputTokens = 100 }));

        Assert.Contains("do not fit in the model's context of 8192 tokens", error.Message, StringComparison.Ordinal);
        Assert.False(ProviderFailure.IsFault(error));
    }

    [Fact]
    public async Task Run_WithTheInProcessModelInEveryRole_CompletesWithAReport()
    {
        var model = new ChatResearchModel(ChatModelRoles.Shared(_model.Client), new ChatModelOptions { Name = "gguf:tiny", MaxAnswerTokens = 3_000, MaxReportTokens = 200, MaxPageChars = 1_000, MaxWriterInputChars = 2_000 });
        var library = Runs.Startups();

        var events = await Runs.RunAsync(model, library, Runs.Request(limits: new Research.ResearchLimits { MaxRounds = 1, PagesPerRound = 1 }));

        var result = Research.ResearchResult.Fold(events);
        Assert.Equal(Events.RunStatus.Completed, result.Status);
        Assert.True(result.Usage.TotalTokens > 0);
        Assert.Single(events.OfType<Events.ReportWritten>());
        Assert.DoesNotContain(events, e => e is Events.ModelAnswerRejected r && r.Reason.Contains("call failed", StringComparison.Ordinal));
        Assert.All(
            events.OfType<Events.PageLearned>().SelectMany(p => p.Findings.Select(f => (p.Url, f.Quote))),
            f => Assert.Contains(f.Quote, library.TextOf(f.Url), StringComparison.Ordinal));
    }
}
