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
            Client = new ChatClientFactory(new GgufChatProvider(new GgufOptions { ContextSize = 4096 })).Create("gguf:" + Path);
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
        Assert.True(context.Usage.Current.TotalTokens > 0);
    }
}
